'use client';
import { useEffect, useRef, useState } from 'react';
import { callTracker, type TrackerResponse } from './tracker';
import { TrackerResult } from './tracker-result';

export interface Sale {
  orderId: string;
  total: string;
  currency: string;
  productId?: string;
  coupon?: string;
  customerEmail?: string;
}

/** The thank-you page's one job for the tracker: `affq.push(['sale', {...}])`, then show the answer. */
export function ReportSale({ sale }: { sale: Sale }) {
  const [result, setResult] = useState<TrackerResponse | null>();
  // Once per page view, even if React runs the effect twice (development's strict mode).
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    void callTracker('sale', sale).then(setResult);
  }, [sale]);
  return <TrackerResult result={result} />;
}
