'use client';
// Settings › Import: Post Affiliate Pro's CSV exports. A dry run lists what would be created
// and every row that cannot be taken and why; Import does exactly that, all or nothing.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { DataTable } from '@/components/ui/data-table';
import { FormMessages } from '@/components/ui/field';
import { useZodForm } from '@/components/use-zod-form';
import { papImportSchema } from '@/server/imports/schemas';

type Item = { kind: string; externalId: string; label: string };
type Report = {
  dryRun: boolean;
  created: Record<string, Item[]>;
  alreadyImported: Item[];
  problems: { kind?: string; file: string; line: number; externalId?: string; reason: string }[];
};

const KINDS = ['affiliates', 'campaigns', 'banners', 'coupons', 'commissions'] as const;

export function PapImport() {
  const trpc = useTRPC();
  const router = useRouter();
  const run = useMutation(trpc.settings.importPap.mutationOptions());
  const [files, setFiles] = useState<{ name: string; text: string }[]>([]);
  const [report, setReport] = useState<Report | null>(null);
  const dryRun = useRef(true);
  const f = useZodForm(
    papImportSchema,
    async (data) => {
      const r = await run.mutateAsync(data);
      setReport(r);
      if (!r.dryRun) router.refresh();
      return r.dryRun ? 'Dry run done: nothing was changed.' : 'Imported.';
    },
    { read: () => ({ dryRun: dryRun.current, files }) },
  );
  const total = report ? KINDS.reduce((n, k) => n + (report.created[k]?.length ?? 0), 0) : 0;
  return (
    <div className="space-y-4">
      <form onSubmit={f.onSubmit} className="space-y-3" noValidate>
        <div className="space-y-1">
          <label htmlFor="pap-files" className="block text-sm font-medium text-slate-700">Export files (CSV)</label>
          <input
            id="pap-files"
            type="file"
            accept=".csv,text/csv"
            multiple
            onChange={async (e) => {
              setReport(null);
              setFiles(await Promise.all(Array.from(e.target.files ?? []).map(async (file) => ({ name: file.name, text: await file.text() }))));
            }}
            className="block text-sm"
          />
          <p className="text-xs text-slate-500">
            In Post Affiliate Pro, Tools › Import/Export › Export: affiliates, campaigns, banners, coupons and commissions, as one file with
            its [[SECTION]] markers or one file per section. Rows imported before (same Post Affiliate Pro id) are left alone.
          </p>
          {f.errors.files && <p role="alert" className="text-sm text-red-600">{f.errors.files}</p>}
        </div>
        <div className="flex gap-3">
          <Button type="submit" variant="secondary" disabled={f.pending} onClick={() => (dryRun.current = true)}>Dry run</Button>
          <Button type="submit" disabled={f.pending || !report?.dryRun} onClick={() => (dryRun.current = false)}>
            Import
          </Button>
        </div>
        <FormMessages error={f.errors.form} done={f.done} />
      </form>
      {report && (
        <div data-testid="import-report" className="space-y-3 text-sm">
          <p className="font-medium">
            {report.dryRun ? 'Would create' : 'Created'}: {KINDS.map((k) => `${report.created[k]?.length ?? 0} ${k}`).join(', ')}
            {total === 0 ? ' — nothing new.' : '.'} Already imported: {report.alreadyImported.length}. Rows not taken: {report.problems.length}.
          </p>
          {KINDS.filter((k) => report.created[k]?.length).map((k) => (
            <details key={k}>
              <summary className="cursor-pointer">{k} ({report.created[k]!.length})</summary>
              <ul className="ml-5 list-disc">
                {report.created[k]!.map((i) => (
                  <li key={i.externalId}>{i.label} <span className="text-slate-500">(PAP id {i.externalId})</span></li>
                ))}
              </ul>
            </details>
          ))}
          {report.problems.length > 0 && (
            <DataTable
              label="Rows not taken"
              testId="import-problems"
              rows={report.problems.map((p, i) => ({ ...p, i }))}
              rowKey={(p) => String(p.i)}
              empty="Every row was taken."
              columns={[
                { key: 'file', header: 'File', cell: (p) => p.file },
                { key: 'line', header: 'Line', align: 'right', cell: (p) => p.line },
                { key: 'row', header: 'Row', priority: 'normal', className: 'wrap-anywhere', cell: (p) => [p.kind, p.externalId].filter(Boolean).join(' ') },
                { key: 'reason', header: 'Why it cannot be taken', cell: (p) => p.reason },
              ]}
            />
          )}
        </div>
      )}
    </div>
  );
}
