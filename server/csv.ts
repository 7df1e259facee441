// CSV for exports: RFC 4180 quoting, and cells that a spreadsheet would run as a
// formula (=, +, -, @, tab, CR) prefixed with an apostrophe (CSV injection). A plain
// number such as a negative adjustment ("-5.00") is not a formula and stays a number.
type Cell = string | number | null | undefined;

const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

export function toCsv(header: string[], rows: Cell[][]): string {
  return toCsvRows([header, ...rows]);
}

/** Lines without a header row (files such as PayPal's payouts upload have none), each ending in CRLF. */
export function toCsvRows(rows: Cell[][]): string {
  const cell = (v: Cell) => {
    if (v === null || v === undefined) return '';
    let s = String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(',') + '\r\n').join('');
}
