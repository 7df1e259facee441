// Short-lived signed grants that let the sign-in endpoint create a session without
// a password: the start and the end of "log in as affiliate". HMAC-SHA256 with the
// session secret; a grant names its purpose, its user and its expiry.
import { createHmac, randomUUID } from 'node:crypto';
import { safeEqual } from '../ids';
import { authSecret } from './secret';

export interface Grant {
  /** Random: a grant is used once (used_grants, see impersonation.ts). */
  id: string;
  purpose: 'impersonate' | 'return';
  /** The user the new session belongs to. */
  userId: string;
  /** For `impersonate`: the merchant user who asked (shown in the banner, audited). */
  actorUserId?: string;
  /** Unix ms after which the grant is refused. */
  exp: number;
}

const sign = (body: string) => createHmac('sha256', authSecret()).update(`grant.${body}`).digest('base64url');

export function signGrant(grant: Omit<Grant, 'exp' | 'id'>, ttlMs = 60_000, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ ...grant, id: randomUUID(), exp: now + ttlMs })).toString('base64url');
  return `${body}.${sign(body)}`;
}

export function verifyGrant(token: string, now = Date.now()): Grant | undefined {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined || !safeEqual(mac, sign(body))) return undefined;
  try {
    const grant = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Grant;
    return typeof grant.exp === 'number' && grant.exp > now && typeof grant.id === 'string' && grant.id ? grant : undefined;
  } catch {
    return undefined;
  }
}
