'use client';
// The signed-in team member's role, for the panel's client components: what a viewer cannot
// do is shown disabled, with the reason. The procedures refuse it anyway (server/trpc/init.ts).
import { createContext, useContext, type ReactNode } from 'react';
import { canChangeProgram, type TeamRole } from '@/db/enums';
import { READ_ONLY_HINT } from './read-only-hint';

const TeamRoleContext = createContext<TeamRole>('viewer');

export function TeamRoleProvider({ role, children }: { role: TeamRole; children: ReactNode }) {
  return <TeamRoleContext.Provider value={role}>{children}</TeamRoleContext.Provider>;
}

export const useTeamRole = () => useContext(TeamRoleContext);


/** Changes to the program: disabled (every control inside) for a viewer. */
export function WriteGuard({ children }: { children: ReactNode }) {
  if (canChangeProgram(useTeamRole())) return <>{children}</>;
  return (
    <fieldset disabled title={READ_ONLY_HINT} data-read-only className="m-0 min-w-0 border-0 p-0">
      {children}
    </fieldset>
  );
}
