// GET /merchant/reports/export — the Reports page as CSV: the same query string, so exactly
// the rows and columns the page shows (the signed-in merchant's program only).
import { withMerchantRoute } from '@/server/auth/route';
import { merchantReportParams, paramsObject } from '@/server/reports/params';
import { merchantReport } from '@/server/reports/panel';
import { reportCsv } from '@/server/reports/table';

export const dynamic = 'force-dynamic';

export const GET = withMerchantRoute(async (req, { user, db }) => {
  const parsed = merchantReportParams.safeParse(paramsObject(new URL(req.url).searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return Response.json({ error: { code: 'invalid_request', message: `${issue?.path.join('.')}: ${issue?.message}` } }, { status: 400 });
  }
  const p = parsed.data;
  const view = await merchantReport(db, user.merchantId, p);
  return new Response(reportCsv(view, p.groupBy), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="report-${p.groupBy}-${p.from}-${p.to}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
