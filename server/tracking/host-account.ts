// Which account a tracking request belongs to when it does not name one, or names Post
// Affiliate Pro's `default1`: the merchant whose tracking domain (Settings) is the host the
// browser asked for — the Host header, or X-Forwarded-Host from a proxy TRUST_PROXY trusts.
import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { merchants } from '@/db/schema';
import { AppError } from '../errors';
import { forwardedHost } from '../http/client-ip';
import { cachedLookup } from './lookups';

/** Post Affiliate Pro's account id in every snippet of a single-program installation. */
export const PAP_DEFAULT_ACCOUNT = 'default1';

/** The hostname the browser asked for (lower case, no port): a trusted proxy's X-Forwarded-Host, else Host. */
export function requestHost(headers: { get(name: string): string | null }): string | undefined {
  const raw = forwardedHost(headers) ?? headers.get('host') ?? '';
  const host = raw
    .trim()
    .toLowerCase()
    .replace(/^\[([^\]]*)\](?::\d+)?$/, '$1')
    .replace(/^([^:]*):\d+$/, '$1')
    .replace(/\.$/, '');
  return host || undefined;
}

/** The account whose tracking domain is `host`, cached like the tracker's other reference data. */
export function merchantOfTrackingDomain(db: Db, host: string): Promise<string | undefined> {
  return cachedLookup(db, `td:${host}`, async () => {
    const [row] = await db.select({ id: merchants.id }).from(merchants).where(eq(merchants.trackingDomain, host));
    return row?.id;
  });
}

/**
 * The account id a request means: the one it names, or — when it names none or `default1` —
 * the account of its host's tracking domain. Throws `unknown_account` when there is none.
 */
export async function accountOfRequest(db: Db, headers: { get(name: string): string | null }, named: unknown): Promise<string> {
  if (typeof named === 'string' && named !== '' && named !== PAP_DEFAULT_ACCOUNT) return named;
  const host = requestHost(headers);
  const id = host ? await merchantOfTrackingDomain(db, host) : undefined;
  if (!id)
    throw named === PAP_DEFAULT_ACCOUNT
      ? new AppError('unknown_account', `No account has ${host ?? 'this host'} as its tracking domain, so "${PAP_DEFAULT_ACCOUNT}" names none; use your account id.`)
      : new AppError('invalid_request', 'account: required (or authenticate with an API key).');
  return id;
}

/** `raw` with its account resolved (see accountOfRequest); other fields untouched. */
export async function withAccount(db: Db, headers: { get(name: string): string | null }, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  return { ...raw, account: await accountOfRequest(db, headers, raw.account) };
}
