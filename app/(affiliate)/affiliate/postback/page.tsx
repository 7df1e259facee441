import type { Metadata } from 'next';
import { PostbackSettings } from '@/components/affiliate/postback-settings';
import { Card } from '@/components/ui/card';
import { requireAffiliate } from '@/server/auth';
import { affiliateApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Postback' };

// The affiliate's server-to-server postback: its tracker hears of each of its conversions.
export default async function PostbackPage() {
  await requireAffiliate();
  const postback = await (await affiliateApi()).affiliate.postback.get();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Postback</h1>
      <Card title="Your postback URL">
        <p className="mb-4 text-sm text-slate-500">
          Your own tracker (Voluum, Binom, RedTrack, Keitaro…) can hear of each of your conversions: put your click id in a sub-id of your links
          (<code className="rounded bg-slate-50 px-1">data1</code>) and use <code className="rounded bg-slate-50 px-1">{'{data1}'}</code> here.
        </p>
        <PostbackSettings postback={postback} />
      </Card>
    </div>
  );
}
