'use client';
// "Test the integration": the account's latest click and conversion, polled every 2 s,
// with buttons that send a real test click and a real test sale through the tracker.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field, FormMessages, SelectField } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { testClickSchema, testSaleSchema } from '@/server/integration/schemas';
import { formatMoney } from '@/server/money';
import { methodLabel } from '@/components/attribution-methods';
import { utc } from '@/components/form-check';


function ago(then: Date, now: number): string {
  const s = Math.max(0, Math.round((now - new Date(then).getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} days ago`;
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex gap-3 py-1 text-sm">
      <dt className="w-24 shrink-0 text-slate-500 sm:w-28">{label}</dt>
      <dd className="min-w-0 break-words [overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}

function TestBadge() {
  return <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800">test</span>;
}

export function LiveTestPanel({ affiliates, currency }: { affiliates: { id: string; refId: string; name: string }[]; currency: string }) {
  const trpc = useTRPC();
  const live = useQuery(trpc.integration.live.queryOptions(undefined, { refetchInterval: 2000, staleTime: 0 }));
  const testClick = useMutation(trpc.integration.testClick.mutationOptions());
  const testSale = useMutation(trpc.integration.testSale.mutationOptions());
  const [visitorId, setVisitorId] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const clickForm = useZodForm(
    testClickSchema,
    async (data) => {
      const r = await testClick.mutateAsync(data);
      setVisitorId(r.visitorId);
      setNotice(`Test click sent for ${r.affiliate}. It shows below as soon as the panel refreshes.`);
      await live.refetch();
    },
    { onStart: () => setNotice(undefined) },
  );
  const saleForm = useZodForm(
    testSaleSchema,
    async (data) => {
      const r = await testSale.mutateAsync(data);
      setNotice(
        r.status === 'attributed'
          ? `Test sale ${r.orderId} attributed to ${r.affiliate} by ${methodLabel(r.method)}.`
          : `Test sale ${r.orderId} recorded, but no click matched it (unattributed).`,
      );
      await live.refetch();
    },
    { read: (form) => ({ total: new FormData(form).get('total'), visitorId }), onStart: () => setNotice(undefined) },
  );

  const now = live.dataUpdatedAt || 0;
  const click = live.data?.click;
  const conversion = live.data?.conversion;
  return (
    <div className="space-y-4">
      <form onSubmit={clickForm.onSubmit} className="flex flex-wrap items-end gap-3" noValidate aria-label="Test click">
        {affiliates.length ? (
          <SelectField id="test-affiliate" label="Test as affiliate" name="affiliateId" defaultValue={affiliates[0]?.id} error={clickForm.errors.affiliateId} className="min-w-56 flex-1">
            {affiliates.map((a) => (
              <option key={a.id} value={a.id}>{`${a.name} (${a.refId})`}</option>
            ))}
          </SelectField>
        ) : (
          <p className="min-w-56 flex-1 text-sm text-slate-500">No approved affiliate yet: approve one under Affiliates to send a test click.</p>
        )}
        <Button type="submit" variant="secondary" disabled={clickForm.pending || !affiliates.length}>
          {clickForm.pending ? 'Sending…' : 'Send a test click'}
        </Button>
      </form>
      <form onSubmit={saleForm.onSubmit} className="flex flex-wrap items-end gap-3" noValidate aria-label="Test sale">
        <Field id="test-total" label={`Sale total (${currency})`} name="total" inputMode="decimal" defaultValue="100.00" error={saleForm.errors.total} className="w-40" />
        <Button type="submit" variant="secondary" disabled={saleForm.pending}>
          {saleForm.pending ? 'Sending…' : 'Send a test sale'}
        </Button>
      </form>
      <FormMessages error={clickForm.errors.form ?? saleForm.errors.form ?? saleForm.errors.visitorId} />
      {notice ? <p role="status" className="text-sm text-emerald-700">{notice}</p> : null}
      <p className="text-xs text-slate-500">
        Test clicks are real clicks on channel “test”; a test sale is a real sale (order id test-…) for the visitor of the test click,
        and its commissions are declined at once, so a test never pays anyone. This panel refreshes every 2 seconds and also shows
        clicks and sales from your site.
      </p>

      <div className="grid gap-4 md:grid-cols-2">
        <section aria-label="Last click" data-testid="live-click" className="min-w-0 rounded-md border border-slate-200 p-4">
          <h3 className="mb-2 text-sm font-semibold text-slate-700">Last click</h3>
          {live.isPending ? (
            <p className="text-sm text-slate-500">Loading…</p>
          ) : live.isError && !live.data ? (
            <p role="alert" className="text-sm text-red-600">Could not load the latest activity; retrying.</p>
          ) : click ? (
            <dl>
              <Row label="Time">
                {utc(click.createdAt)} <span className="text-slate-500">({ago(click.createdAt, now)})</span>
              </Row>
              <Row label="Affiliate">
                {click.affiliateName} <span className="font-mono text-xs text-slate-500">{click.affiliateRefId}</span>
              </Row>
              <Row label="Campaign">
                {click.campaignName ?? click.campaignId} <span className="font-mono text-xs text-slate-500">{click.campaignId}</span>
              </Row>
              <Row label="Channel">
                {click.channel ?? '—'}
                {click.channel === 'test' ? <TestBadge /> : null}
              </Row>
              <Row label="Visitor id">
                <span className="font-mono text-xs">{click.visitorId}</span>
              </Row>
            </dl>
          ) : (
            <p className="text-sm text-slate-500">No clicks yet. Send a test click, or open your site with ?aff=&lt;an affiliate’s id&gt;.</p>
          )}
        </section>
        <section aria-label="Last conversion" data-testid="live-conversion" className="min-w-0 rounded-md border border-slate-200 p-4">
          <h3 className="mb-2 text-sm font-semibold text-slate-700">Last conversion</h3>
          {live.isPending ? (
            <p className="text-sm text-slate-500">Loading…</p>
          ) : live.isError && !live.data ? (
            <p role="alert" className="text-sm text-red-600">Could not load the latest activity; retrying.</p>
          ) : conversion ? (
            <dl>
              <Row label="Time">
                {utc(conversion.createdAt)} <span className="text-slate-500">({ago(conversion.createdAt, now)})</span>
              </Row>
              <Row label="Order">
                <span className="font-mono text-xs">{conversion.orderId ?? '—'}</span>
                {conversion.test ? <TestBadge /> : null}
                <span className="ml-2 text-slate-500">
                  {conversion.actionCode ? `action ${conversion.actionCode}` : `sale ${formatMoney(conversion.total, conversion.currency)}`}
                </span>
              </Row>
              <Row label="Affiliate">
                {conversion.affiliateName ? (
                  <>
                    {conversion.affiliateName} <span className="font-mono text-xs text-slate-500">{conversion.affiliateRefId}</span>
                  </>
                ) : (
                  <span className="text-slate-500">none (unattributed)</span>
                )}
              </Row>
              <Row label="Campaign">{conversion.campaignName ?? conversion.campaignId}</Row>
              <Row label="Method">{methodLabel(conversion.method)}</Row>
              <Row label="Commission">
                {conversion.commissions.length === 0
                  ? 'none'
                  : conversion.commissions.map((c) => (
                      <span key={`${c.tier}-${c.affiliateRefId}`} className="block">
                        {formatMoney(c.amount, c.currency)} · tier {c.tier} · {c.affiliateRefId} · {c.status}
                      </span>
                    ))}
              </Row>
              <Row label="Source">{conversion.source}</Row>
            </dl>
          ) : (
            <p className="text-sm text-slate-500">No conversions yet. Send a test sale, or place an order on your site.</p>
          )}
        </section>
      </div>
    </div>
  );
}
