// Which notifications a recipient switched off: by program and address, so the profile
// page and the mail's unsubscribe link flip the same switch.
import { and, eq, sql } from 'drizzle-orm';
import { createHmac } from 'node:crypto';
import type { Tx } from '@/db';
import { isNotificationKind, type MailKind, type NotificationKind } from '@/db/enums';
import { mailOptOuts } from '@/db/schema';
import { authSecret } from '../auth/secret';
import { safeEqual } from '../ids';

const lower = (email: string) => email.trim().toLowerCase();

export async function isOptedOut(tx: Tx, merchantId: string, email: string, kind: MailKind): Promise<boolean> {
  const [row] = await tx
    .select({ kind: mailOptOuts.kind })
    .from(mailOptOuts)
    .where(and(eq(mailOptOuts.merchantId, merchantId), eq(mailOptOuts.email, lower(email)), eq(mailOptOuts.kind, kind)));
  return Boolean(row);
}

/** The kinds this address switched off in this program. */
export async function optedOutKinds(tx: Tx, merchantId: string, email: string): Promise<NotificationKind[]> {
  const rows = await tx
    .select({ kind: mailOptOuts.kind })
    .from(mailOptOuts)
    .where(and(eq(mailOptOuts.merchantId, merchantId), eq(mailOptOuts.email, lower(email))));
  return rows.map((r) => r.kind).filter(isNotificationKind);
}

/** Switches one notification kind on or off for this address (idempotent). */
export async function setMailPreference(tx: Tx, merchantId: string, email: string, kind: NotificationKind, on: boolean): Promise<void> {
  if (on) {
    await tx
      .delete(mailOptOuts)
      .where(and(eq(mailOptOuts.merchantId, merchantId), eq(mailOptOuts.email, lower(email)), eq(mailOptOuts.kind, kind)));
  } else {
    await tx
      .insert(mailOptOuts)
      .values({ merchantId, email: lower(email), kind, createdAt: sql`now()` })
      .onConflictDoNothing();
  }
}

// The unsubscribe link: the program, the address and the kind, signed (no expiry: a link in
// an old mail still works). Only this app can make one, so it cannot switch off someone else's mail.
export interface UnsubscribeClaim {
  merchantId: string;
  email: string;
  kind: NotificationKind;
}

const mac = (body: string) => createHmac('sha256', authSecret()).update(`unsubscribe.${body}`).digest('base64url');

export function unsubscribeToken(claim: UnsubscribeClaim): string {
  const body = Buffer.from(JSON.stringify([claim.merchantId, lower(claim.email), claim.kind])).toString('base64url');
  return `${body}.${mac(body)}`;
}

export function verifyUnsubscribeToken(token: string): UnsubscribeClaim | undefined {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined || !safeEqual(sig, mac(body))) return undefined;
  try {
    const [merchantId, email, kind] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown[];
    if (typeof merchantId !== 'string' || typeof email !== 'string' || typeof kind !== 'string' || !isNotificationKind(kind)) return undefined;
    return { merchantId, email, kind };
  } catch {
    return undefined;
  }
}
