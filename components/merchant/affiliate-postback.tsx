'use client';
// The merchant's view of an affiliate's postback: its URL template, whether it is on, its
// recent deliveries, and a switch to turn it off (the affiliate cannot turn it on again).
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorsOf, useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { DataTable } from '@/components/ui/data-table';
import { WriteGuard } from './team-role';

export interface AffiliatePostbackProps {
  affiliateId: string;
  postback: { urlTemplate: string; method: string; enabled: boolean; blockedByMerchant: boolean } | null;
  attempts: { id: string; createdAt: string; outcome: string; responseStatus: number | null; error: string | null; test: boolean; url: string }[];
}

export function AffiliatePostback({ affiliateId, postback, attempts }: AffiliatePostbackProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const setBlocked = useMutation(trpc.merchant.affiliates.setPostbackBlocked.mutationOptions());
  const [message, setMessage] = useState<string>();
  if (!postback) return <p className="text-sm text-slate-500">This affiliate has not set a postback URL.</p>;
  async function toggle() {
    setMessage(undefined);
    try {
      await setBlocked.mutateAsync({ id: affiliateId, blocked: !postback!.blockedByMerchant });
      router.refresh();
    } catch (err) {
      setMessage(errorsOf(err).message ?? 'Could not change the postback.');
    }
  }
  const state = postback.blockedByMerchant ? 'turned off by you' : postback.enabled ? 'on' : 'turned off by the affiliate';
  return (
    <div className="space-y-3 text-sm">
      <div className="break-all font-mono text-xs" data-testid="affiliate-postback-url">
        {postback.method} {postback.urlTemplate}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <span>Postback: {state}</span>
        <WriteGuard>
          <Button type="button" variant="secondary" disabled={setBlocked.isPending} onClick={toggle}>
            {postback.blockedByMerchant ? 'Allow postback' : 'Turn postback off'}
          </Button>
        </WriteGuard>
        {message ? <span role="alert" className="text-red-600">{message}</span> : null}
      </div>
      <DataTable
        label="Postback deliveries"
        rows={attempts}
        rowKey={(r) => r.id}
        empty="No postbacks sent yet."
        columns={[
          { key: 'time', header: 'Time (UTC)', cell: (r) => r.createdAt.slice(0, 19).replace('T', ' '), className: 'whitespace-nowrap text-slate-500' },
          { key: 'outcome', header: 'Outcome', cell: (r) => `${r.outcome.replace('_', ' ')}${r.test ? ' (test)' : ''}` },
          { key: 'answer', header: 'Answer', cell: (r) => r.responseStatus ?? r.error ?? '—' },
          { key: 'url', header: 'Request', cell: (r) => <span className="break-all font-mono text-xs">{r.url}</span>, priority: 'detail' },
        ]}
      />
    </div>
  );
}
