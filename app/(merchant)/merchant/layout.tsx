import type { ReactNode } from 'react';
import { PanelShell } from '@/components/panel-shell';
import { READ_ONLY_HINT } from '@/components/merchant/read-only-hint';
import { TeamRoleProvider } from '@/components/merchant/team-role';
import { TrpcProvider } from '@/components/trpc-provider';
import { requireMerchant } from '@/server/auth';
import { merchantApi } from '@/server/trpc/server';

export const dynamic = 'force-dynamic';

// Sections appear here as they are built; nothing links to a page that does not exist yet.
const nav = [
  { href: '/merchant', label: 'Dashboard', exact: true },
  { href: '/merchant/affiliates', label: 'Affiliates' },
  { href: '/merchant/campaigns', label: 'Campaigns' },
  { href: '/merchant/reports', label: 'Reports' },
  { href: '/merchant/clicks', label: 'Clicks', group: 'Transactions' },
  { href: '/merchant/commissions', label: 'Commissions', group: 'Transactions' },
  { href: '/merchant/tracking-log', label: 'Tracking log', group: 'Transactions' },
  { href: '/merchant/payouts', label: 'Payouts', group: 'Transactions' },
  { href: '/merchant/integration', label: 'Integration', group: 'Tools', exact: true },
  { href: '/merchant/integration/webhooks', label: 'Webhooks', group: 'Tools' },
  { href: '/merchant/integration/api', label: 'API', group: 'Tools' },
  { href: '/merchant/settings', label: 'Settings', group: 'Account', exact: true },
  { href: '/merchant/settings/email', label: 'E-mail', group: 'Account' },
  { href: '/merchant/settings/notifications', label: 'Notifications', group: 'Account' },
];

export default async function MerchantLayout({ children }: { children: ReactNode }) {
  const user = await requireMerchant();
  const merchant = await (await merchantApi()).merchant.account();
  return (
    <PanelShell title={merchant.name} subtitle={`Merchant panel · ${user.merchantId}`} userEmail={user.email ?? ''} nav={nav}>
      <TrpcProvider>
        <TeamRoleProvider role={user.teamRole ?? 'viewer'}>
          {user.teamRole === 'viewer' ? (
            <p role="note" className="mb-4 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
              You have read-only access to this program. {READ_ONLY_HINT}
            </p>
          ) : null}
          {children}
        </TeamRoleProvider>
      </TrpcProvider>
    </PanelShell>
  );
}
