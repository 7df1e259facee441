import type { DefaultSession } from 'next-auth';
import type { TeamRole, UserRole } from '@/db/enums';

declare module 'next-auth' {
  interface Session {
    user: DefaultSession['user'] & {
      id: string;
      role: UserRole;
      merchantId: string;
      affiliateId: string | null;
      /** users.session_version when the session was made: a bump ends this session. */
      sessionVersion?: number;
      /** This session's own id: signing out spends it (spent_tokens). */
      sessionId?: string;
      /** Set while a merchant user views this affiliate's panel ("log in as affiliate"). */
      impersonatedBy?: string;
      impersonationExpires?: number;
      // Read from the database on every request by the checked session (server/auth/session.ts), never from the token:
      /** Merchant staff: owner, admin or viewer. */
      teamRole?: TeamRole;
      /** Two-factor sign-in is on for this user. */
      twoFactor?: boolean;
      /** The merchant requires two-factor sign-in of its team. */
      twoFactorRequired?: boolean;
    };
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    userId: string;
    role: UserRole;
    merchantId: string;
    affiliateId: string | null;
    sessionVersion?: number;
    sessionId?: string;
    impersonatedBy?: string;
    impersonationExpires?: number;
  }
}
