import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { AccountSettingsForm } from '@/components/merchant/settings/account-settings-form';
import { DefaultCampaignForm } from '@/components/merchant/settings/default-campaign-form';
import { FraudSettingsForm } from '@/components/merchant/settings/fraud-settings-form';
import { MerchantPasswordForm, MerchantSignOutEverywhere, RequireTwoFactorToggle, Team } from '@/components/merchant/settings/team';
import { TwoFactorSettings } from '@/components/auth/two-factor-settings';
import { PapImport } from '@/components/merchant/settings/pap-import';
import { AffiliateDataExport, EraseCustomerForm } from '@/components/merchant/settings/privacy-tools';
import { TrackingDomainForm } from '@/components/merchant/settings/tracking-domain-form';
import { PayoutSettingsForm } from '@/components/merchant/settings/payout-settings-form';
import { ProgramTermsForm } from '@/components/merchant/settings/program-terms-form';
import { TrackingLogSettingsForm } from '@/components/merchant/settings/tracking-log-form';
import { Card } from '@/components/ui/card';
import { requireMerchant } from '@/server/auth';
import { payoutSettingsView } from '@/server/settings/payout-settings';
import { merchantApi } from '@/server/trpc/server';
import { WriteGuard } from '@/components/merchant/team-role';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const me = await requireMerchant();
  const caller = await merchantApi();
  const [{ merchant, defaultCampaign, blockedAffiliates }, team, twoFactor] = await Promise.all([
    caller.settings.get(),
    caller.settings.team.list(),
    caller.account.twoFactor.status(),
  ]);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Settings</h1>
        <Link href="/merchant/settings/audit" className="text-sm font-medium text-brand-700 hover:underline">
          Audit log: who changed what →
        </Link>
      </div>

      <Card title="Account">
        <WriteGuard><AccountSettingsForm
          name={merchant.name}
          defaultCurrency={merchant.defaultCurrency}
          websiteUrl={merchant.websiteUrl}
          autoApproveAffiliates={merchant.autoApproveAffiliates}
          allowedDomains={merchant.allowedDomains}
        /></WriteGuard>
      </Card>

      <div id="program-terms">
        <Card title="Program terms">
          <WriteGuard><ProgramTermsForm programTerms={merchant.programTerms} /></WriteGuard>
        </Card>
      </div>

      <div id="tracking-domain">
        <Card title="Tracking domain">
          <TrackingDomainForm trackingDomain={merchant.trackingDomain} />
        </Card>
      </div>

      <Card title="Attribution (default campaign)">
        {defaultCampaign ? (
          <div className="space-y-3">
            <p className="text-sm text-slate-600">
              These apply to “{defaultCampaign.name}” ({defaultCampaign.id}), the campaign of every link that names none. Other
              campaigns have their own settings under Campaigns.
            </p>
            <WriteGuard><DefaultCampaignForm
              cookieDays={defaultCampaign.cookieDays}
              attributionModel={defaultCampaign.attributionModel}
              fingerprintWindowHours={defaultCampaign.fingerprintWindowHours}
            /></WriteGuard>
          </div>
        ) : (
          <p className="text-sm text-slate-500">This account has no default campaign yet: create a campaign first.</p>
        )}
      </Card>

      <Card title="Fraud protection">
        <WriteGuard><FraudSettingsForm
          repeatClickWindowMinutes={merchant.repeatClickWindowMinutes}
          fastConversionSeconds={merchant.fastConversionSeconds}
          flagAffiliateIps={merchant.flagAffiliateIps}
          blockedIps={merchant.blockedIps}
          blockedCountries={merchant.blockedCountries}
          flaggedCountries={merchant.flaggedCountries}
          blockedAffiliates={blockedAffiliates}
        /></WriteGuard>
      </Card>

      <div id="payouts">
        <Card title="Payouts">
          <PayoutSettingsForm {...payoutSettingsView(merchant)} />
        </Card>
      </div>

      <div id="tracking-log">
        <Card title="Tracking log">
          <WriteGuard><TrackingLogSettingsForm trackingLogDays={merchant.trackingLogDays} /></WriteGuard>
        </Card>
      </div>

      <div id="import">
        <Card title="Import from Post Affiliate Pro">
          <PapImport />
        </Card>
      </div>

      <div id="privacy">
        <Card title="Privacy (GDPR)">
          <WriteGuard>
            <div className="space-y-8">
              <AffiliateDataExport />
              <EraseCustomerForm />
            </div>
          </WriteGuard>
        </Card>
      </div>

      <Card title="Team members">
        <Team members={team} meId={me.id} />
      </Card>

      <Card title="Security">
        <RequireTwoFactorToggle required={merchant.requireTwoFactor} />
      </Card>

      <div id="two-factor">
        <Card title="Your two-factor sign-in">
          <TwoFactorSettings status={twoFactor} />
        </Card>
      </div>

      <Card title="Your password">
        <MerchantPasswordForm />
      </Card>

      <Card title="Your sessions">
        <MerchantSignOutEverywhere />
      </Card>
    </div>
  );
}
