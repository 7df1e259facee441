// "Recent successful device": a signed cookie set by a successful sign-in, naming the
// account (a hash of its email) and a random device id, for 30 days. A browser that
// presents it for the account it signs in to is counted under its own throttle key
// instead of the account's and the address's (./throttle.ts), so a stranger guessing an
// account, or a noisy neighbour behind the same NAT, cannot keep the owner out.
// Its path is /api/auth: it is sent to the sign-in endpoint only.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '../ids';
import { authSecret } from './secret';

export const RECENT_DEVICE_COOKIE = 'aff_recent_device';
export const RECENT_DEVICE_DAYS = 30;

const emailTag = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 22);
const mac = (body: string) => createHmac('sha256', authSecret()).update(`device.${body}`).digest('base64url');

/** A new token for this account, to be set as the cookie after a successful sign-in. */
export function issueDeviceToken(email: string, now = Date.now()): string {
  const body = `${emailTag(email)}.${randomBytes(12).toString('base64url')}.${now + RECENT_DEVICE_DAYS * 86_400_000}`;
  return `${body}.${mac(body)}`;
}

/** The device id of a valid, unexpired token for this account, else undefined. */
export function recentDeviceId(token: string | undefined, email: string, now = Date.now()): string | undefined {
  if (!token || token.length > 200) return undefined;
  const parts = token.split('.');
  if (parts.length !== 4) return undefined;
  const [tag, id, exp, sig] = parts as [string, string, string, string];
  if (!safeEqual(sig, mac(`${tag}.${id}.${exp}`))) return undefined;
  if (!safeEqual(tag, emailTag(email)) || !(Number(exp) > now)) return undefined;
  return id;
}
