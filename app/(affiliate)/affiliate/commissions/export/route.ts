// GET /affiliate/commissions/export — the signed-in affiliate's commissions as CSV (what is filtered).
import { commissionStatuses, type CommissionStatus } from '@/db/schema';
import { withAffiliateRoute } from '@/server/auth/route';
import { toCsv } from '@/server/csv';
import { toMajorString } from '@/server/money';
import { listAffiliateCommissions } from '@/server/queries/commissions';

export const dynamic = 'force-dynamic';

export const GET = withAffiliateRoute(async (req, { user, db }) => {
  const status = new URL(req.url).searchParams.get('status') ?? '';
  const st = (commissionStatuses as readonly string[]).includes(status) ? (status as CommissionStatus) : undefined;
  const rows = await listAffiliateCommissions(db, user.merchantId, user.affiliateId, { status: st, limit: 100_000 });
  const csv = toCsv(
    ['date', 'order_id', 'type', 'order_total', 'order_currency', 'tier', 'commission', 'currency', 'status'],
    rows.map((c) => [
      c.createdAt.toISOString(),
      c.orderId,
      c.actionCode || 'sale',
      toMajorString(c.orderTotal, c.orderCurrency),
      c.orderCurrency,
      c.tier,
      toMajorString(c.amount, c.currency),
      c.currency,
      c.status,
    ]),
  );
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="commissions-${new Date().toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
