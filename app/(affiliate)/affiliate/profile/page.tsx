import type { Metadata } from 'next';
import { MailPreferences } from '@/components/mail/mail-preferences';
import { AffiliatePasswordForm, AffiliateSignOutEverywhere, ProfileForm } from '@/components/affiliate/profile-forms';
import { TwoFactorSettings } from '@/components/auth/two-factor-settings';
import { Card } from '@/components/ui/card';
import { requireAffiliate } from '@/server/auth';
import { affiliateApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Profile' };

export default async function ProfilePage() {
  const user = await requireAffiliate();
  const caller = await affiliateApi();
  const [me, preferences] = await Promise.all([caller.affiliate.me(), caller.mail.affiliatePreferences()]);
  // While a merchant looks through the affiliate's eyes, the affiliate's own sign-in is not theirs to change.
  const twoFactor = user.impersonatedBy ? undefined : await caller.account.twoFactor.status();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Profile</h1>
      <Card title="Your details">
        <p className="mb-4 text-sm text-slate-500">
          Referral id <code className="rounded bg-slate-50 px-1">{me.refId}</code> in {me.program.name}.
        </p>
        <ProfileForm name={me.name} email={me.email} />
      </Card>
      <Card title="E-mail notifications">
        <MailPreferences role="affiliate" preferences={preferences} />
      </Card>
      <Card title="Password">
        <AffiliatePasswordForm />
      </Card>
      {twoFactor ? (
        <div id="two-factor">
          <Card title="Two-factor sign-in">
            <TwoFactorSettings status={twoFactor} />
          </Card>
        </div>
      ) : null}
      <Card title="Your sessions">
        <AffiliateSignOutEverywhere />
      </Card>
    </div>
  );
}
