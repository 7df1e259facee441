// GET /merchant/payouts/[batchId]/paypal?currency=USD — the batch's unpaid PayPal
// payouts as a PayPal Payouts upload file (one currency per file).
import { withMerchantRoute } from '@/server/auth/route';
import { paypalFile } from '@/server/payouts';
import { getMerchant } from '@/server/queries/merchants';
import { getPayoutBatch } from '@/server/queries/payouts';

export const dynamic = 'force-dynamic';

export const GET = withMerchantRoute<{ batchId: string }>(async (req, { user, db, params }) => {
  const { batchId } = params;
  const rows = await getPayoutBatch(db, user.merchantId, batchId);
  if (rows.length === 0) return Response.json({ error: { code: 'not_found', message: 'No such payout batch.' } }, { status: 404 });
  const currency = new URL(req.url).searchParams.get('currency')?.slice(0, 3) || undefined;
  // An AppError (no PayPal payouts in that currency…) becomes the contract's error shape in the guard.
  const merchant = await getMerchant(db, user.merchantId);
  const file = paypalFile(rows, { currency, programName: merchant?.name ?? user.merchantId });
  return new Response(file.csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="paypal-payouts-${batchId.slice(0, 8)}-${file.currency}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
