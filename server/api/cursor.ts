// Keyset pagination of the REST API's lists: newest first on (created_at, id), the cursor
// an opaque token of the last row's exact time (microseconds, as stored) and id, so a page
// costs the same on the millionth row as on the first and no row is skipped or repeated.
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { AppError } from '../errors';

export interface Cursor {
  at: string;
  id: string;
}

/** The row's created_at to the microsecond, for the cursor (a JS Date keeps milliseconds only). */
export const cursorTime = (col: AnyColumn) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.at}|${c.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(s: string | undefined): Cursor | undefined {
  if (s === undefined || s === '') return undefined;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)\|([A-Za-z0-9_-]{1,64})$/.exec(Buffer.from(s, 'base64url').toString('utf8'));
  if (!m || Number.isNaN(Date.parse(m[1]!))) throw badCursor();
  return { at: m[1]!, id: m[2]! };
}

/** Rows after the cursor in newest-first order. `idType` casts the id (uuid, bigint). */
export function before(createdAt: AnyColumn, id: AnyColumn, c: Cursor | undefined, idType: 'uuid' | 'bigint' | 'text' = 'uuid'): SQL | undefined {
  if (!c) return undefined;
  if (idType === 'uuid' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(c.id)) throw badCursor();
  if (idType === 'bigint' && !/^\d{1,18}$/.test(c.id)) throw badCursor();
  return sql`(${createdAt}, ${id}) < (${c.at}::timestamptz, ${c.id}::${sql.raw(idType)})`;
}

/** One page of rows fetched with `limit + 1`: the data and the cursor of the next page, if any. */
export function pageOf<R extends { cursorAt: string; id: string | number }, T>(rows: R[], limit: number, view: (r: R) => T) {
  const more = rows.length > limit;
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return { data: shown.map(view), nextCursor: more && last ? encodeCursor({ at: last.cursorAt, id: String(last.id) }) : null };
}

const badCursor = () => new AppError('invalid_request', 'cursor: not a cursor this API gave out.');
