import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { AffiliateBlockButton } from '@/components/merchant/affiliate-block-button';
import { AffiliateForm } from '@/components/merchant/affiliate-form';
import { AffiliateGroupPicker } from '@/components/merchant/affiliate-group-forms';
import { AffiliateInvitation } from '@/components/merchant/affiliate-invitation';
import { AffiliatePostback } from '@/components/merchant/affiliate-postback';
import { AffiliateStatusActions } from '@/components/merchant/affiliate-status-actions';
import { LoginAsButton } from '@/components/merchant/login-as-button';
import { MoneyList } from '@/components/money';
import { PeriodPicker, parsePeriod } from '@/components/period-picker';
import { StatusBadge } from '@/components/status-badge';
import { Card, Stat } from '@/components/ui/card';
import { merchantApi } from '@/server/trpc/server';
import { WriteGuard } from '@/components/merchant/team-role';

export const metadata: Metadata = { title: 'Affiliate' };

export default async function AffiliatePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ days?: string }> }) {
  const { id } = await params;
  const days = parsePeriod((await searchParams).days);
  const api = await merchantApi();
  const data = await api.merchant.affiliates.stats({ id: id.slice(0, 64), days }).catch((err: unknown) => {
    if (err instanceof TRPCError && err.code === 'NOT_FOUND') notFound();
    throw err;
  });
  const { affiliate: a, overview: o, parentRefId } = data;
  const [account, groupChoices, groups, login, postback] = await Promise.all([
    api.merchant.account(),
    api.campaigns.groups.choices(),
    api.campaigns.groups.ofAffiliate({ affiliateId: a.id }),
    api.merchant.affiliates.login({ id: a.id }),
    api.merchant.affiliates.postback({ id: a.id }),
  ]);
  const cur = account.defaultCurrency;
  const details = a.payoutDetails ?? {};
  return (
    <div className="space-y-6">
      <Link href="/merchant/affiliates" className="text-sm text-brand-600 hover:underline">← Affiliates</Link>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="flex items-center gap-3 text-2xl font-semibold">
          {a.name} <StatusBadge status={a.status} />
          {a.blocked ? (
            <span className="rounded bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700" title="On your fraud blocklist: clicks never count as unique, conversions are held for review">
              Blocked
            </span>
          ) : null}
        </h1>
        <div className="flex items-center gap-2">
          <WriteGuard><AffiliateStatusActions id={a.id} name={a.name} status={a.status} /></WriteGuard>
          <WriteGuard><AffiliateBlockButton id={a.id} name={a.name} blocked={a.blocked} /></WriteGuard>
          <WriteGuard><LoginAsButton id={a.id} name={a.name} /></WriteGuard>
        </div>
      </div>
      <div className="flex justify-end">
        <PeriodPicker basePath={`/merchant/affiliates/${a.id}`} days={days} />
      </div>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-5">
        <Stat label="Clicks" value={o.clicks.toLocaleString('en-US')} sub={`${o.uniqueClicks.toLocaleString('en-US')} unique`} />
        <Stat label="Conversions" value={o.conversions.toLocaleString('en-US')} />
        <Stat label="Revenue" value={<MoneyList items={o.revenue} fallbackCurrency={cur} />} />
        <Stat label="Commissions pending" value={<MoneyList items={o.commissions.pending} fallbackCurrency={cur} />} />
        <Stat label="Commissions approved" value={<MoneyList items={o.commissions.approved} fallbackCurrency={cur} />} />
      </div>
      <Card title="Commission group">
        <WriteGuard><AffiliateGroupPicker affiliateId={a.id} choices={groupChoices} current={groups} /></WriteGuard>
      </Card>
      <Card title="Login">
        <WriteGuard><AffiliateInvitation id={a.id} email={a.email} login={login} /></WriteGuard>
      </Card>
      <Card title="Details">
        <WriteGuard><AffiliateForm
          mode="edit"
          id={a.id}
          values={{ name: a.name, email: a.email, refId: a.refId, parentRefId: parentRefId ?? '', website: a.website ?? '' }}
        /></WriteGuard>
      </Card>
      <Card title="Postback">
        <AffiliatePostback affiliateId={a.id} postback={postback.postback} attempts={postback.attempts} />
      </Card>
      <Card title="Application and payout details">
        <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">How they promote</dt>
            <dd className="whitespace-pre-wrap">{a.promotionMethod || '—'}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Payout method</dt>
            <dd>
              {a.payoutMethod === 'paypal'
                ? `PayPal: ${details.paypalEmail ?? ''}`
                : a.payoutMethod === 'bank_transfer'
                  ? `Bank transfer: ${details.accountHolder ?? ''}, ${details.iban ?? ''}${details.bic ? `, ${details.bic}` : ''}`
                  : 'Not set by the affiliate yet'}
            </dd>
            {a.payoutDetailsChangedAt ? (
              <dd data-testid="payout-details-changed" className="mt-1 text-xs font-medium text-amber-700">
                Payout details changed on {a.payoutDetailsChangedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC
              </dd>
            ) : null}
          </div>
        </dl>
      </Card>
    </div>
  );
}
