// The attribution trace: each method attribute() tried, in order, and in words a
// merchant understands why it matched or not ("why wasn't this sale credited?").
// Built only when the caller asks for it, from what attribute() reads anyway.
import type { AffiliateStatus, AttributionMethod } from '@/db/schema';

export interface AttributionStep {
  method: AttributionMethod;
  result: 'match' | 'no_match';
  reason: string;
}

/** A visitor id as the panel shows it in a sentence: its first characters. */
export const shortVisitor = (id: string) => `${id.slice(0, 4)}…`;

/** Free text quoted in a reason, clipped (it is stored verbatim in full on the log row itself). */
export const quoted = (s: string) => `“${s.length > 64 ? `${s.slice(0, 63)}…` : s}”`;

const STATUS_WORDS: Record<AffiliateStatus, string> = {
  approved: 'active',
  pending: 'still pending approval',
  declined: 'declined',
  suspended: 'suspended',
};

/** `affiliate bob, who is suspended` */
export const inactiveAffiliate = (a: { refId: string; status: AffiliateStatus }) => `affiliate ${a.refId}, who is ${STATUS_WORDS[a.status]}`;

/** An age in the largest whole unit: `41 days`, `3 hours`, `12 minutes`. */
export function age(ms: number): string {
  const unit = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (ms >= 86_400_000) return unit(Math.floor(ms / 86_400_000), 'day');
  if (ms >= 3_600_000) return unit(Math.floor(ms / 3_600_000), 'hour');
  return unit(Math.max(0, Math.floor(ms / 60_000)), 'minute');
}

export const days = (n: number) => `${n}-day`;
