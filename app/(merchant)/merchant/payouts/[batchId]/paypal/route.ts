// GET /merchant/payouts/[batchId]/paypal?currency=USD — the batch's unpaid PayPal
// payouts as a PayPal Payouts upload file (one currency per file).
import { getServerSession } from 'next-auth';
import { getDb } from '@/db';
import { authOptions } from '@/server/auth/options';
import { toAppError } from '@/server/errors';
import { paypalFile } from '@/server/payouts';
import { getMerchant } from '@/server/queries/merchants';
import { getPayoutBatch } from '@/server/queries/payouts';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: { params: Promise<{ batchId: string }> }) {
  const session = await getServerSession(authOptions);
  const user = session?.user;
  if (!user || user.role !== 'merchant')
    return Response.json({ error: { code: 'unauthorized', message: 'Sign in as a merchant.' } }, { status: 401 });
  const { batchId } = await params;
  const db = await getDb();
  const rows = await getPayoutBatch(db, user.merchantId, batchId);
  if (rows.length === 0) return Response.json({ error: { code: 'not_found', message: 'No such payout batch.' } }, { status: 404 });
  const currency = new URL(req.url).searchParams.get('currency')?.slice(0, 3) || undefined;
  try {
    const merchant = await getMerchant(db, user.merchantId);
    const file = paypalFile(rows, { currency, programName: merchant?.name ?? user.merchantId });
    return new Response(file.csv, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="paypal-payouts-${batchId.slice(0, 8)}-${file.currency}.csv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (err) {
    const e = toAppError(err);
    return Response.json({ error: { code: e.code, message: e.message } }, { status: e.status });
  }
}
