// Hot-path lookups of the tracker's reference data (accounts, affiliates,
// campaigns, banners, API keys), cached for a few seconds in this process: a
// click costs one write, not five reads.
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { isTransaction, type Db } from '@/db';
import {
  affiliateCommissionGroups,
  affiliates,
  apiKeys,
  banners,
  campaigns,
  commissionRules,
  conversions,
  merchants,
  type Affiliate,
  type Campaign,
  type CommissionRule,
  type Merchant,
} from '@/db/schema';
import { sha256Hex } from '../ids';
import { publish, subscribe } from '../shared-state/redis';

/** How long an entry is fresh; each entry's own TTL is spread ±20 % so that entries loaded together do not all expire together. */
const TTL_MS = 5_000;
/** For as long again it is still served, while one background query reloads it: a request never waits for a reload. */
const STALE_MS = 5_000;
/** Bounded: a flood of unknown affiliate ids must not grow the process without limit. */
const MAX_ENTRIES = 10_000;

interface Entry {
  at: number;
  ttl: number;
  value: Promise<unknown>;
  /** The value resolved (a pending load is shared, never served stale). */
  settled?: boolean;
  reloading?: boolean;
}

// On globalThis: Next bundles this module into each route's chunk, and a panel edit
// must be able to invalidate what the tracker's routes cached.
const g = globalThis as typeof globalThis & {
  __affLookups?: Map<string, Entry>;
  __affKeyUse?: Map<string, number>;
};
const cache = (g.__affLookups ??= new Map());

// With REDIS_URL, a panel edit on one instance empties every instance's cache within a
// round trip; without Redis, or while it is down, entries still expire within 5–10 s.
const CHANNEL = 'aff:lookups:invalidate';
const g2 = globalThis as typeof globalThis & { __affLookupsSubscribed?: boolean };
/** Subscribed at the first lookup, not at import: `next build` imports this module too. */
function listenForInvalidations(): void {
  if (g2.__affLookupsSubscribed) return;
  g2.__affLookupsSubscribed = true;
  subscribe(CHANNEL, () => cache.clear());
}

const ttl = () => TTL_MS * (0.8 + Math.random() * 0.4);

/**
 * The promise is cached, not the row: when a key is missing under load, the 50
 * requests that want it share one query instead of sending 50. A failed load is not
 * kept. An entry past its TTL is still served for STALE_MS while one query reloads it
 * in the background, so a busy tracker never stalls on its reference data expiring
 * (a status change takes effect within 5–10 s, or at once after a panel edit, which
 * invalidates the cache).
 *
 * A lookup made inside a transaction (a webhook records its conversion in one) neither
 * shares nor feeds the cache: its query runs on that transaction, which would be closed
 * under any later caller, and on a one-connection database (PGlite) a transaction that
 * waited for a query of the base handle would wait for itself.
 */
function cached<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
  if (isTransaction(db)) return load();
  listenForInvalidations();
  const hit = cache.get(key);
  const now = Date.now();
  if (hit) {
    const age = now - hit.at;
    if (age < hit.ttl) return hit.value as Promise<T>;
    if (hit.settled && age < hit.ttl + STALE_MS) {
      if (!hit.reloading) {
        hit.reloading = true;
        load().then(
          (v) => {
            if (cache.get(key) !== hit) return; // invalidated meanwhile
            cache.delete(key); // re-inserted, so the Map's order stays oldest-first
            cache.set(key, { at: Date.now(), ttl: ttl(), value: Promise.resolve(v), settled: true });
          },
          () => (hit.reloading = false), // served stale a little longer; the next request tries again
        );
      }
      return hit.value as Promise<T>;
    }
    cache.delete(key); // re-inserted below, so the Map's order stays oldest-first
  } else if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!); // evict the oldest
  const value = load();
  const entry: Entry = { at: now, ttl: ttl(), value };
  cache.set(key, entry);
  value.then(
    () => (entry.settled = true),
    () => {
      if (cache.get(key) === entry) cache.delete(key);
    },
  );
  return value;
}

/** A cached lookup of other reference data (see cached()), for the tracker's modules outside this file. */
export function cachedLookup<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
  return cached(db, key, load);
}

/** Forget cached reference data (after a panel edit, and in tests). */
/** Forgets every cached lookup, in this process at once and in every other instance through Redis. */
export function invalidateLookups(): void {
  cache.clear();
  void publish(CHANNEL, String(Date.now()));
}

export function findMerchant(db: Db, accountId: string): Promise<Merchant | undefined> {
  return cached(db, `m:${accountId}`, async () => {
    const [row] = await db.select().from(merchants).where(eq(merchants.id, accountId));
    return row;
  });
}

export function findAffiliateByRef(db: Db, merchantId: string, refId: string): Promise<Affiliate | undefined> {
  return cached(db, `a:${merchantId}:${refId}`, async () => {
    const [row] = await db
      .select()
      .from(affiliates)
      .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.refId, refId)));
    return row;
  });
}

export function findAffiliateById(db: Db, merchantId: string, id: string): Promise<Affiliate | undefined> {
  return cached(db, `ai:${merchantId}:${id}`, async () => {
    const [row] = await db
      .select()
      .from(affiliates)
      .where(and(eq(affiliates.merchantId, merchantId), eq(affiliates.id, id)));
    return row;
  });
}

/** The merchant's campaigns by id, and its default. */
export function merchantCampaigns(db: Db, merchantId: string): Promise<{ byId: Map<string, Campaign>; default?: Campaign }> {
  return cached(db, `c:${merchantId}`, async () => {
    const rows = await db.select().from(campaigns).where(eq(campaigns.merchantId, merchantId));
    return { byId: new Map(rows.map((c) => [c.id, c])), default: rows.find((c) => c.isDefault) ?? rows[0] };
  });
}

export function findBanner(db: Db, merchantId: string, bannerId: string) {
  return cached(db, `b:${merchantId}:${bannerId}`, async () => {
    const [row] = await db
      .select({ id: banners.id, campaignId: banners.campaignId, targetUrl: banners.targetUrl })
      .from(banners)
      .where(and(eq(banners.merchantId, merchantId), eq(banners.id, bannerId)));
    return row;
  });
}

/** The merchant an API key belongs to, or undefined for an unknown or revoked key. */
export async function merchantOfApiKey(db: Db, key: string): Promise<string | undefined> {
  return (await apiKeyOf(db, key))?.merchantId;
}

/** An API key's id, merchant and scope (`read` or `write`), or undefined for an unknown or revoked key. */
export function apiKeyOf(db: Db, key: string): Promise<{ id: string; merchantId: string; scope: 'read' | 'write' } | undefined> {
  const hash = sha256Hex(key);
  return cached(db, `k:${hash}`, async () => {
    const [row] = await db
      .select({ id: apiKeys.id, merchantId: apiKeys.merchantId, scope: apiKeys.scope })
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)));
    return row;
  });
}

/** A campaign's own commission rules (its groups' are in campaignGroupRules). */
export function campaignRules(db: Db, merchantId: string, campaignId: string): Promise<CommissionRule[]> {
  // Awaited inside: a Drizzle query is a thenable that runs again on every `then`, so
  // caching the query itself ran it once per sale (and on whatever handle made it —
  // a webhook's transaction, closed by then).
  return cached(db, `r:${merchantId}:${campaignId}`, async () =>
    db
      .select()
      .from(commissionRules)
      .where(and(eq(commissionRules.merchantId, merchantId), eq(commissionRules.campaignId, campaignId), isNull(commissionRules.commissionGroupId))),
  );
}

export interface CampaignGroupRules {
  /** The rules of the commission group this affiliate is in, in this campaign; undefined: the campaign's own. */
  rulesOf(affiliateId: string): CommissionRule[] | undefined;
  /** The deepest tier any group rule of this action pays. */
  maxTier(actionCode: string): number;
}

const NO_GROUPS: CampaignGroupRules = { rulesOf: () => undefined, maxTier: () => 0 };

/**
 * A campaign's commission groups: who is in which and each group's rules, one cached
 * entry per campaign (two queries per campaign every few seconds, none per sale).
 */
export function campaignGroupRules(db: Db, merchantId: string, campaignId: string): Promise<CampaignGroupRules> {
  return cached(db, `g:${merchantId}:${campaignId}`, async () => {
    const rules = await db
      .select()
      .from(commissionRules)
      .where(and(eq(commissionRules.merchantId, merchantId), eq(commissionRules.campaignId, campaignId), isNotNull(commissionRules.commissionGroupId)));
    if (rules.length === 0) return NO_GROUPS; // no group pays anything different: skip the members
    const members = await db
      .select({ affiliateId: affiliateCommissionGroups.affiliateId, groupId: affiliateCommissionGroups.groupId })
      .from(affiliateCommissionGroups)
      .where(and(eq(affiliateCommissionGroups.merchantId, merchantId), eq(affiliateCommissionGroups.campaignId, campaignId)));
    const byGroup = new Map<string, CommissionRule[]>();
    for (const r of rules) byGroup.set(r.commissionGroupId!, [...(byGroup.get(r.commissionGroupId!) ?? []), r]);
    const groupOf = new Map(members.map((m) => [m.affiliateId, m.groupId]));
    return {
      rulesOf: (affiliateId: string) => {
        const g = groupOf.get(affiliateId);
        return g ? byGroup.get(g) : undefined;
      },
      maxTier: (actionCode: string) => rules.filter((r) => r.actionCode === actionCode).reduce((m, r) => Math.max(m, r.tier), 0),
    };
  });
}

/**
 * Notes that an API key was used, at most once a minute per key and without
 * holding up the request: "last used" in the panel, not an event to make durable.
 */
export function noteApiKeyUse(db: Db, key: string, now = Date.now()): void {
  const hash = sha256Hex(key);
  const marks = (g.__affKeyUse ??= new Map());
  if (now - (marks.get(hash) ?? 0) < 60_000) return;
  marks.set(hash, now);
  db.update(apiKeys)
    .set({ lastUsedAt: new Date(now) })
    .where(eq(apiKeys.keyHash, hash))
    .catch(() => marks.delete(hash));
}

/**
 * A campaign's usual order value in one currency: the mean of its last 200 verified real
 * sales (tests and browser reports left out), with how many there were. Cached like the rest: a browser sale far
 * above it is flagged (server/fraud/conversion-flags.ts browserFlags).
 */
export function usualOrderValue(db: Db, merchantId: string, campaignId: string, currency: string): Promise<{ mean: number; count: number }> {
  return cached(db, `u:${merchantId}:${campaignId}:${currency}`, async () => {
    const recent = db
      .select({ total: conversions.total })
      .from(conversions)
      .where(
        and(
          eq(conversions.merchantId, merchantId),
          eq(conversions.campaignId, campaignId),
          eq(conversions.currency, currency),
          eq(conversions.actionCode, ''),
          eq(conversions.test, false),
          // Only what verified sources reported: browser totals must not move the yardstick they are judged by.
          eq(conversions.verified, true),
        ),
      )
      .orderBy(sql`${conversions.createdAt} desc`)
      .limit(200)
      .as('recent');
    const [row] = await db
      .select({ mean: sql<string | null>`avg(${recent.total})`, count: sql<number>`count(*)::int` })
      .from(recent);
    return { mean: row?.mean == null ? 0 : Math.round(Number(row.mean)), count: Number(row?.count ?? 0) };
  });
}

/** How many browser-reported actions a visitor already earned for an action code (not cached: it is the limit). */
export async function browserActionsOf(db: Db, merchantId: string, visitorId: string, actionCode: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(conversions)
    .where(
      and(
        eq(conversions.merchantId, merchantId),
        eq(conversions.visitorId, visitorId),
        eq(conversions.actionCode, actionCode),
        eq(conversions.source, 'js'),
        sql`not (${conversions.flags} @> array['action_limit']::text[])`,
      ),
    );
  return Number(row?.n ?? 0);
}
