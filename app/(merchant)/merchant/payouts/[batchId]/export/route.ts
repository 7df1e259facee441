// GET /merchant/payouts/[batchId]/export — one payout batch as CSV, with each affiliate's payout details.
import { getServerSession } from 'next-auth';
import { getDb } from '@/db';
import { authOptions } from '@/server/auth/options';
import { batchCsv } from '@/server/payouts';
import { getPayoutBatch } from '@/server/queries/payouts';

export const dynamic = 'force-dynamic';

export async function GET(_req: Request, { params }: { params: Promise<{ batchId: string }> }) {
  const session = await getServerSession(authOptions);
  const user = session?.user;
  if (!user || user.role !== 'merchant')
    return Response.json({ error: { code: 'unauthorized', message: 'Sign in as a merchant.' } }, { status: 401 });
  const { batchId } = await params;
  const rows = await getPayoutBatch(await getDb(), user.merchantId, batchId);
  if (rows.length === 0) return Response.json({ error: { code: 'not_found', message: 'No such payout batch.' } }, { status: 404 });
  return new Response(batchCsv(rows), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="payout-batch-${rows[0]!.batchId.slice(0, 8)}.csv"`,
      'cache-control': 'no-store',
    },
  });
}
