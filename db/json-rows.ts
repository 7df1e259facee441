// Rows to and from JSON for statements that take or give many rows at once: a batch
// sent as ONE JSON parameter (`json_to_recordset`) instead of a parameter per value,
// and a table's row read back as `row_to_json(t)`.
import { getTableColumns, type Table } from 'drizzle-orm';

/**
 * The rows as one JSON parameter. JSON.stringify escapes a lone surrogate (`\ud800`),
 * which PostgreSQL refuses in a JSON string; as a text parameter it was stored as
 * U+FFFD, so it still is. Only a batch whose JSON has such an escape pays for the second pass.
 */
export function jsonParam(rows: object[]): string {
  const json = JSON.stringify(rows);
  if (!/\\u[dD][89a-fA-F]/.test(json)) return json;
  return JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'string' ? (v as string & { toWellFormed(): string }).toWellFormed() : v));
}

/** A table's row from its `row_to_json` (column names as keys), typed and mapped as Drizzle's own select would. */
export function rowFromJson<T extends Table>(table: T, json: unknown): T['$inferSelect'] {
  const raw = (typeof json === 'string' ? JSON.parse(json) : json) as Record<string, unknown>;
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T['$inferSelect'];
}
