// The page's side of the tracking script: calls go through window.affq, so they wait
// for t.js when it has not loaded yet and run at once when it has (TRACKING-API.md §1).

export interface TrackerCommission {
  affiliate: string;
  tier: number;
  amount: number;
  currency: string;
  status: string;
}

/** What /t/sale answers, or the error object the script resolves with. */
export interface TrackerResponse {
  conversionId?: string;
  status?: 'attributed' | 'unattributed' | 'duplicate';
  method?: string | null;
  affiliate?: string | null;
  commissions?: TrackerCommission[];
  error?: { code: string; message: string };
}

declare global {
  interface Window {
    // An array until t.js loads, then the script's own queue that runs each push at once.
    affq?: { push(...items: unknown[]): unknown };
  }
}

/** `affq.push([method, ...args, callback])`: resolves with the tracker's answer. */
export function callTracker(method: 'sale' | 'action', ...args: unknown[]): Promise<TrackerResponse | null> {
  return new Promise((resolve) => {
    window.affq = window.affq ?? [];
    window.affq.push([method, ...args, resolve]);
  });
}

/** Minor units → `$4.99` (display only). */
export function formatMinor(amount: number, currency: string): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}
