// The one table every panel list uses. Columns carry a priority:
//   'key'    always a column (name, amount, status): what the list is for;
//   'normal' a column from 768 px up;
//   'detail' a column only from 1536 px up; narrower, its value is listed under the row's first
//            cell, so nothing is lost and the row never runs wider than the page.
// Below 768 px every row stacks into a card of "label: value" lines. Row actions sit in a
// last column that sticks to the right edge, so they stay in view even if a cell is wide.
// Works from server and client components alike (no hooks); interactive cells are passed in.
import type { ReactNode, TdHTMLAttributes } from 'react';
import { clsx } from 'clsx';

export type ColumnPriority = 'key' | 'normal' | 'detail';

export interface Column<R> {
  /** Stable id (also `data-col` on its cells). */
  key: string;
  /** The header text; also the label of the value in a stacked row. */
  header: string;
  cell: (row: R) => ReactNode;
  priority?: ColumnPriority;
  align?: 'left' | 'right';
  /** Extra classes for this column's cells (e.g. `font-mono text-xs`). */
  className?: string;
  /** The header is for assistive technology only (a checkbox column). */
  headerHidden?: boolean;
}

const HIDE: Record<ColumnPriority, string> = {
  key: '',
  normal: 'md:max-lg:hidden',
  detail: 'md:max-2xl:hidden',
};

export function DataTable<R>({
  label,
  rows,
  columns,
  rowKey,
  actions,
  actionsHeader = 'Actions',
  empty,
  testId,
  rowProps,
}: {
  /** The accessible name of the table ("Commissions"). */
  label: string;
  rows: readonly R[];
  columns: Column<R>[];
  rowKey: (row: R) => string;
  /** Buttons and links for one row; always in view. */
  actions?: (row: R) => ReactNode;
  actionsHeader?: string;
  /** What an empty list says (and how to fill it). */
  empty: ReactNode;
  testId?: string;
  rowProps?: (row: R) => Record<`data-${string}`, string>;
}) {
  const details = columns.filter((c) => c.priority === 'detail');
  const first = columns.find((c) => !c.headerHidden && c.priority !== 'detail');
  const span = columns.length + (actions ? 1 : 0);
  return (
    <div className="rounded-lg border border-slate-200 bg-white md:overflow-x-auto">
      <table aria-label={label} data-testid={testId} data-table="" className="w-full text-sm max-md:block">
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500 max-md:sr-only">
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                data-col={c.key}
                data-priority={c.priority ?? 'key'}
                className={clsx('px-3 py-2 font-medium', c.align === 'right' && 'text-right', HIDE[c.priority ?? 'key'])}
              >
                {c.headerHidden ? <span className="sr-only">{c.header}</span> : c.header}
              </th>
            ))}
            {actions ? (
              <th scope="col" className="sticky right-0 bg-slate-50 px-3 py-2 text-right font-medium">
                {actionsHeader}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top max-md:block">
          {rows.length === 0 ? (
            <tr className="max-md:block">
              <td colSpan={span} className="px-3 py-6 text-center text-slate-500 max-md:block">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={rowKey(r)} data-row="" {...rowProps?.(r)} className="data-[muted=true]:text-slate-500 max-md:block max-md:space-y-1 max-md:px-3 max-md:py-3">
                {columns.map((c) => (
                  <Cell key={c.key} column={c} data-col={c.key} data-priority={c.priority ?? 'key'} data-label={c.header}>
                    {c.cell(r)}
                    {c === first && details.length > 0 ? (
                      <dl className="mt-1 hidden space-y-0.5 text-xs whitespace-normal text-slate-500 md:max-2xl:block">
                        {details.map((d) => (
                          <div key={d.key} className="flex min-w-0 gap-1">
                            <dt className="shrink-0 font-medium">{d.header}:</dt>
                            <dd className="min-w-0 wrap-anywhere">{d.cell(r)}</dd>
                          </div>
                        ))}
                      </dl>
                    ) : null}
                  </Cell>
                ))}
                {actions ? (
                  <td
                    data-row-actions=""
                    className="bg-white px-3 py-2 max-md:block max-md:px-0 max-md:pt-2 md:sticky md:right-0 md:shadow-[-6px_0_6px_-6px_rgba(15,23,42,0.15)]"
                  >
                    <div className="flex flex-wrap items-center gap-1 md:justify-end">{actions(r)}</div>
                  </td>
                ) : null}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

function Cell<R>({ column, children, ...rest }: { column: Column<R>; children: ReactNode } & TdHTMLAttributes<HTMLTableCellElement>) {
  return (
    <td
      {...rest}
      className={clsx(
        'px-3 py-2 break-words',
        column.align === 'right' && 'md:text-right tabular-nums',
        HIDE[column.priority ?? 'key'],
        // Stacked: "Label  value" on one line, the label from data-label.
        'max-md:grid max-md:grid-cols-[7.5rem_minmax(0,1fr)] max-md:gap-2 max-md:p-0 max-md:text-left',
        column.headerHidden
          ? 'max-md:before:content-none'
          : 'max-md:before:text-xs max-md:before:font-medium max-md:before:uppercase max-md:before:tracking-wide max-md:before:text-slate-500 max-md:before:content-[attr(data-label)]',
        column.className,
      )}
    >
      {column.headerHidden ? <span className="max-md:col-span-2">{children}</span> : <div className="min-w-0">{children}</div>}
    </td>
  );
}

/** Previous / next links under a paginated list. */
export function Pager({
  prev,
  next,
  label,
  page,
  prevText = '← Previous',
  nextText = 'Next →',
}: {
  prev?: string;
  next?: string;
  label?: string;
  page?: ReactNode;
  prevText?: string;
  nextText?: string;
}) {
  return (
    <nav aria-label={label ?? 'Pages'} className="flex items-center justify-between gap-2 text-sm">
      {prev ? (
        <a href={prev} className="rounded text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600">
          {prevText}
        </a>
      ) : (
        <span />
      )}
      {page ? <span className="text-slate-500">{page}</span> : null}
      {next ? (
        <a href={next} className="rounded text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600">
          {nextText}
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
