import type { Metadata } from 'next';
import { reportGroupBys } from '@/db/enums';
import { ReportPage } from '@/components/reports/report-page';
import { merchantReportParams, paramsObject } from '@/server/reports/params';
import { merchantApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Reports' };

export default async function MerchantReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = paramsObject(await searchParams);
  const parsed = merchantReportParams.safeParse(raw);
  // A bad query string (a hand-edited URL) shows the default report and says what was wrong.
  const input = parsed.success ? raw : {};
  const query = parsed.success ? parsed.data : merchantReportParams.parse({});
  const data = await (await merchantApi()).merchant.reports.view(input);
  return (
    <ReportPage
      basePath="/merchant/reports"
      data={data}
      query={query}
      groupBys={reportGroupBys}
      withAffiliateFilter
      error={parsed.success ? undefined : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}
    />
  );
}
