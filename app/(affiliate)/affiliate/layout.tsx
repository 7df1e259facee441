import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { ImpersonationBanner } from '@/components/affiliate/impersonation-banner';
import { CopyButton } from '@/components/copy-button';
import { PanelShell } from '@/components/panel-shell';
import { TrpcProvider } from '@/components/trpc-provider';
import { requireAffiliate } from '@/server/auth';
import { generalAffiliateLink, requestOrigin } from '@/server/http/origin';
import { affiliateApi } from '@/server/trpc/server';

export const dynamic = 'force-dynamic';

const nav = [
  { href: '/affiliate', label: 'Dashboard', exact: true },
  { href: '/affiliate/links', label: 'Links' },
  { href: '/affiliate/banners', label: 'Banners' },
  { href: '/affiliate/reports', label: 'Reports' },
  { href: '/affiliate/commissions', label: 'Commissions' },
  { href: '/affiliate/payouts', label: 'Payouts' },
  { href: '/affiliate/sub-affiliates', label: 'Sub-affiliates' },
  { href: '/affiliate/postback', label: 'Postback' },
  { href: '/affiliate/profile', label: 'Profile' },
];

export default async function AffiliateLayout({ children }: { children: ReactNode }) {
  const user = await requireAffiliate();
  const me = await (await affiliateApi()).affiliate.me();
  const link = generalAffiliateLink(me.program.websiteUrl, me.refId, requestOrigin(await headers()));
  const banner = user.impersonatedBy ? (
    <TrpcProvider>
      <ImpersonationBanner name={me.name} until={new Date(user.impersonationExpires ?? 0).toISOString().slice(11, 16)} />
    </TrpcProvider>
  ) : null;
  return (
    <PanelShell
      banner={banner}
      title={me.program.name}
      subtitle="Affiliate panel"
      userEmail={user.email ?? ''}
      nav={nav}
      headerExtra={
        link ? (
          <div className="flex items-center gap-2 text-sm">
            <span className="text-slate-500">Your affiliate link</span>
            <a href={link} data-testid="general-link" className="truncate font-mono text-xs text-brand-700 hover:underline">
              {link}
            </a>
            <CopyButton text={link} />
          </div>
        ) : (
          <span className="text-sm text-slate-500">The merchant has not set a website for links yet.</span>
        )
      }
    >
      <TrpcProvider>{children}</TrpcProvider>
    </PanelShell>
  );
}
