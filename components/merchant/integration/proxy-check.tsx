'use client';
// Tools › Integration › First-party tracking: "check my proxy" — the tracker loads the shop's
// proxied t.js and calls its diagnostic endpoint through the proxy, and says what it saw.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Field, FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { proxyCheckSchema } from '@/server/integration/schemas';

type Report = {
  url: string;
  problem?: string;
  status?: number;
  contentType?: string;
  isOurScript?: boolean;
  diagnostic?: { status: number; forwardedHost: string | null; forwardedProto: string | null; trusted: boolean; firstParty: boolean };
  verdict: string;
  ok: boolean;
};

const yesNo = (v: boolean | undefined) => (v ? 'yes' : 'no');

export function ProxyCheck({ defaultUrl }: { defaultUrl: string }) {
  const trpc = useTRPC();
  const check = useMutation(trpc.integration.checkProxy.mutationOptions());
  const [report, setReport] = useState<Report | null>(null);
  const f = useZodForm(proxyCheckSchema, async (data) => {
    setReport(await check.mutateAsync(data));
    return undefined;
  });
  return (
    <div className="space-y-3">
      <form onSubmit={f.onSubmit} className="flex max-w-2xl items-end gap-3" noValidate>
        <Field className="flex-1" label="Your proxied script" name="url" defaultValue={defaultUrl} error={f.errors.url} />
        <Button type="submit" disabled={f.pending}>{f.pending ? 'Checking…' : 'Check my proxy'}</Button>
      </form>
      <FormMessages error={f.errors.form} />
      {report && (
        <div data-testid="proxy-report" role="status" className="space-y-2 rounded-md border border-slate-200 p-3 text-sm">
          <p className={report.ok ? 'font-medium text-green-700' : 'font-medium text-amber-700'}>{report.problem ?? report.verdict}</p>
          {report.status !== undefined && (
            <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-slate-700">
              <dt>Status</dt>
              <dd>{report.status}{report.contentType ? ` (${report.contentType})` : ''}</dd>
              <dt>Our t.js</dt>
              <dd>{yesNo(report.isOurScript)}</dd>
              {report.diagnostic && (
                <>
                  <dt>X-Forwarded-Host arrives</dt>
                  <dd>{report.diagnostic.forwardedHost ?? 'no'}</dd>
                  <dt>X-Forwarded-Proto arrives</dt>
                  <dd>{report.diagnostic.forwardedProto ?? 'no'}</dd>
                  <dt>Proxy trusted (TRUST_PROXY)</dt>
                  <dd>{yesNo(report.diagnostic.trusted)}</dd>
                  <dt>Cookie of your shop’s host</dt>
                  <dd>{yesNo(report.diagnostic.firstParty)}</dd>
                </>
              )}
            </dl>
          )}
        </div>
      )}
    </div>
  );
}
