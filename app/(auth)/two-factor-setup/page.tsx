// /two-factor-setup — where a team member is sent when their program requires two-factor sign-in and they have not turned it on.
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { TwoFactorSettings } from '@/components/auth/two-factor-settings';
import { TrpcProvider } from '@/components/trpc-provider';
import { homeOf, requireUser } from '@/server/auth';
import { api } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Turn on two-factor sign-in' };
export const dynamic = 'force-dynamic';

export default async function TwoFactorSetupPage() {
  const user = await requireUser();
  if (!user.twoFactorRequired || user.twoFactor) redirect(homeOf(user.role));
  const status = await (await api()).account.twoFactor.status();
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Turn on two-factor sign-in</h1>
      <p className="mb-6 text-sm text-slate-500">
        Your program requires it of every team member. Set it up now to continue to the panel ({user.email}).
      </p>
      <TrpcProvider>
        <TwoFactorSettings status={status} doneHref={homeOf(user.role)} />
      </TrpcProvider>
      <div className="mt-6 text-center text-sm">
        <SignOutButton />
      </div>
    </>
  );
}
