// Reading Post Affiliate Pro's CSV exports (Tools › Import/Export › Export): one file holding
// `[[AFFILIATES]]`, `[[CAMPAIGNS]]`, `[[BANNERS]]`, `[[COUPONS]]`, `[[COMMISSIONS]]` … sections,
// or one file per section named after it (affiliates.csv, …). Each section's first line is its
// header, PAP's column names with a leading `!` (`!USERID;!REFID;…`), comma- or semicolon-
// separated. Parsed by csv-parse; nothing here knows what a row means.
import { parse } from 'csv-parse/sync';

export type PapKind = 'affiliates' | 'campaigns' | 'banners' | 'coupons' | 'commissions';
export const PAP_KINDS: PapKind[] = ['affiliates', 'campaigns', 'banners', 'coupons', 'commissions'];

export interface PapFile {
  name: string;
  text: string;
}

export interface PapRow {
  kind: PapKind;
  file: string;
  /** The row's line in its file (1-based), for the report. */
  line: number;
  /** Column → value, column names upper case without PAP's `!`. */
  values: Record<string, string>;
}

export interface ParseProblem {
  file: string;
  line: number;
  reason: string;
}

/** Section markers and file names PAP uses for each kind (transactions are its commissions). */
const KIND_OF: Record<string, PapKind> = {
  AFFILIATES: 'affiliates',
  USERS: 'affiliates',
  CAMPAIGNS: 'campaigns',
  BANNERS: 'banners',
  COUPONS: 'coupons',
  COMMISSIONS: 'commissions',
  TRANSACTIONS: 'commissions',
};

const kindOfName = (name: string): PapKind | undefined => {
  const base = name.split(/[\\/]/).pop()!.replace(/\.csv$/i, '').toUpperCase();
  return KIND_OF[base] ?? Object.entries(KIND_OF).find(([k]) => base.includes(k))?.[1];
};

/** The rows of every section PAP exports that this import reads; other sections are ignored. */
export function readPapFiles(files: PapFile[]): { rows: PapRow[]; problems: ParseProblem[] } {
  const rows: PapRow[] = [];
  const problems: ParseProblem[] = [];
  for (const file of files) {
    const lines = file.text.replace(/^\uFEFF/, '').split(/\r?\n/);
    let kind: PapKind | undefined = kindOfName(file.name);
    let known = kind !== undefined;
    let start = 0;
    const flush = (end: number) => {
      if (known && kind) readSection(file.name, kind, lines.slice(start, end), start, rows, problems);
    };
    lines.forEach((text, i) => {
      const marker = /^\s*\[\[([A-Z_]+)\]\]\s*[,;]*\s*$/i.exec(text);
      if (!marker) return;
      flush(i);
      kind = KIND_OF[marker[1]!.toUpperCase()];
      known = kind !== undefined;
      start = i + 1;
    });
    flush(lines.length);
    if (!known && start === 0) problems.push({ file: file.name, line: 1, reason: 'Not a Post Affiliate Pro export: no [[SECTION]] marker, and the file name names no section (affiliates, campaigns, banners, coupons, commissions).' });
  }
  return { rows, problems };
}

function readSection(file: string, kind: PapKind, lines: string[], offset: number, rows: PapRow[], problems: ParseProblem[]) {
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return;
  const header = lines[first]!;
  const delimiter = (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(lines.slice(first).join('\n'), { delimiter, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof records;
  } catch (e) {
    problems.push({ file, line: offset + first + 1, reason: `Not readable as CSV: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  const [head, ...body] = records;
  if (!head) return;
  const columns = head.record.map((c) => c.trim().replace(/^!/, '').toUpperCase());
  for (const { record, info } of body) {
    const values: Record<string, string> = {};
    columns.forEach((c, i) => {
      if (c) values[c] = (record[i] ?? '').trim();
    });
    rows.push({ kind, file, line: offset + first + info.lines, values });
  }
}
