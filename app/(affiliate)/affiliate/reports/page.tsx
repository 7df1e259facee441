import type { Metadata } from 'next';
import { affiliateReportGroupBys } from '@/db/enums';
import { ReportPage } from '@/components/reports/report-page';
import { affiliateReportParams, paramsObject } from '@/server/reports/params';
import { affiliateApi } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Reports' };

export default async function AffiliateReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = paramsObject(await searchParams);
  const parsed = affiliateReportParams.safeParse(raw);
  const input = parsed.success ? raw : {};
  const query = parsed.success ? parsed.data : affiliateReportParams.parse({});
  const data = await (await affiliateApi()).affiliate.reports.view(input);
  return (
    <ReportPage
      basePath="/affiliate/reports"
      data={data}
      query={query}
      groupBys={affiliateReportGroupBys}
      withAffiliateFilter={false}
      error={parsed.success ? undefined : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}
    />
  );
}
