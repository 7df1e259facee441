// GET /merchant/commissions/export — the signed-in merchant's commissions as CSV,
// exactly what the list's filters select (every page, streamed).
import { withMerchantRoute } from '@/server/auth/route';
import { commissionFilterSchema } from '@/server/commissions/schemas';
import { toCsv, toCsvRows } from '@/server/csv';
import { toMajorString } from '@/server/money';
import { eachMerchantCommission } from '@/server/queries/commissions';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

const HEADER = [
  'date', 'commission_id', 'affiliate_ref_id', 'affiliate_name', 'order_id', 'type', 'kind', 'order_total', 'order_currency',
  'attribution', 'tier', 'commission', 'currency', 'status', 'flags', 'payout_id',
];

export const GET = withMerchantRoute(async (req, { user, db }) => {
  const params = new URL(req.url).searchParams;
  const parsed = commissionFilterSchema.safeParse({
    status: params.get('status') ?? '',
    affiliate: params.get('affiliate') ?? '',
    method: params.get('method') ?? '',
    order: params.get('order') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return Response.json({ error: { code: 'invalid_request', message: `${issue?.path.join('.')}: ${issue?.message}` } }, { status: 400 });
  }
  const pages = eachMerchantCommission(db, user.merchantId, parsed.data);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(toCsv(HEADER, [])));
    },
    async pull(controller) {
      try {
        const { value, done } = await pages.next();
        if (done) return controller.close();
        controller.enqueue(
          encoder.encode(
            toCsvRows(
              value.map((c) => [
                c.createdAt.toISOString(),
                c.id,
                c.affiliateRefId,
                c.affiliateName,
                c.orderId,
                c.actionCode || 'sale',
                c.kind,
                toMajorString(c.orderTotal, c.orderCurrency),
                c.orderCurrency,
                c.method,
                c.tier,
                toMajorString(c.amount, c.currency),
                c.currency,
                c.status,
                c.flags.join(' '),
                c.payoutId,
              ]),
            ),
          ),
        );
      } catch (err) {
        log().error({ component: 'export', err }, 'the commissions export failed');
        controller.error(new Error('export failed'));
      }
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="commissions-${new Date().toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
