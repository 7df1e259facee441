// GET /merchant/payouts/[batchId]/export — one payout batch as CSV, with each affiliate's payout details.
import { withMerchantRoute } from '@/server/auth/route';
import { batchCsv } from '@/server/payouts';
import { getPayoutBatch } from '@/server/queries/payouts';

export const dynamic = 'force-dynamic';

export const GET = withMerchantRoute<{ batchId: string }>(async (_req, { user, db, params }) => {
  const rows = await getPayoutBatch(db, user.merchantId, params.batchId);
  if (rows.length === 0) return Response.json({ error: { code: 'not_found', message: 'No such payout batch.' } }, { status: 404 });
  return new Response(batchCsv(rows), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="payout-batch-${rows[0]!.batchId.slice(0, 8)}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
