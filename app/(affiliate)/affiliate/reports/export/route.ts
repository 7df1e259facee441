// GET /affiliate/reports/export — the affiliate's Reports page as CSV (its own traffic only),
// the same query string as the page.
import { withAffiliateRoute } from '@/server/auth/route';
import { affiliateReportParams, paramsObject } from '@/server/reports/params';
import { affiliateReport } from '@/server/reports/panel';
import { reportCsv } from '@/server/reports/table';

export const dynamic = 'force-dynamic';

export const GET = withAffiliateRoute(async (req, { user, db }) => {
  const parsed = affiliateReportParams.safeParse(paramsObject(new URL(req.url).searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return Response.json({ error: { code: 'invalid_request', message: `${issue?.path.join('.')}: ${issue?.message}` } }, { status: 400 });
  }
  const p = parsed.data;
  const view = await affiliateReport(db, user.merchantId, user.affiliateId, p);
  return new Response(reportCsv(view, p.groupBy), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="report-${p.groupBy}-${p.from}-${p.to}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
