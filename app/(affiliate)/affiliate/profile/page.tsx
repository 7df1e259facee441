import type { Metadata } from 'next';
import { MailPreferences } from '@/components/mail/mail-preferences';
import { AffiliatePasswordForm, AffiliateSignOutEverywhere, ProfileForm } from '@/components/affiliate/profile-forms';
import { Card } from '@/components/ui/card';
import { affiliateApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Profile' };

export default async function ProfilePage() {
  const caller = await affiliateApi();
  const [me, preferences] = await Promise.all([caller.affiliate.me(), caller.mail.affiliatePreferences()]);
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
      <Card title="Your sessions">
        <AffiliateSignOutEverywhere />
      </Card>
    </div>
  );
}
