// One webhook delivery, start to end (TRACKING-API.md §5): the provider and the
// account, the signature over the raw body with the merchant's stored secret,
// then — only once verified — the event, applied through the same attribution
// and commission code as /t/sale and /t/refund, idempotent on the event id.
// Every delivery is kept in webhook_events with its outcome, refused ones included.
// The one unsigned request answered 200 is a provider's URL check, which records nothing.
import { and, asc, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db';
import { conversions, earlyRefunds, orderAliases, webhookEvents, webhookSecrets, type Conversion } from '@/db/schema';
import type { AttributionStep } from '../attribution/trace';
import { log as processLog, type Logger } from '@/lib/log';
import { AppError } from '../errors';
import { logWebhook } from '../tracking-log';
import { toMajorString } from '../money';
import { findMerchant } from '../tracking/lookups';
import { recordConversion } from '../tracking/record-conversion';
import { recordRefund, reverseRefund, type RefundRequest } from '../tracking/record-refund';
import { isWebhookProvider, webhookRegistry, type WebhookProvider } from './registry';
import type { WebhookAction, WebhookProviderModule } from './types';

/** The contract's outcomes of a delivery that was accepted. */
export type WebhookOutcome = 'attributed' | 'unattributed' | 'duplicate' | 'refunded' | 'ignored';
/** What the delivery log may also say: refused before reading (`rejected`), or not recorded (`failed`). */
export type DeliveryOutcome = WebhookOutcome | 'rejected' | 'failed';

export interface WebhookResult {
  received: true;
  outcome: WebhookOutcome;
  conversionId?: string;
}

export interface ParsedWebhook {
  eventId?: string;
  eventType: string;
  action: WebhookAction;
}

interface Applied {
  outcome: WebhookOutcome;
  conversionId?: string;
  /** Why it was ignored, or what it did, for the merchant's delivery log. */
  note?: string;
  /** The attribution steps tried, for the tracking log. */
  trace?: AttributionStep[];
}

/** The event a verified body carries, and what it means; event types a provider does not use are ignored. */
export function parseWebhook(provider: WebhookProviderModule, body: string, headers: Headers): ParsedWebhook {
  const { eventId, eventType, payload } = provider.envelope(body, headers);
  const handler = Object.hasOwn(provider.handlers, eventType) ? provider.handlers[eventType] : undefined;
  const action: WebhookAction = handler
    ? handler(payload, headers)
    : { kind: 'ignored', reason: `${provider.label} event ${eventType} is not one the tracker uses.` };
  return { eventId, eventType, action };
}

export async function handleWebhook(
  providerName: string,
  accountId: string | undefined,
  rawBody: Buffer,
  headers: Headers,
  /** Tests pass their own database and clock; the route its request's logger. */
  opts: { db?: Db; now?: Date; log?: Logger } = {},
): Promise<WebhookResult> {
  if (!isWebhookProvider(providerName))
    throw new AppError('unknown_provider', `No webhook provider "${providerName.slice(0, 40)}".`);
  const provider = webhookRegistry[providerName];
  if (!accountId) throw new AppError('invalid_request', `account: required (/webhooks/${providerName}?account=<your account id>).`);
  const db = opts.db ?? (await getDb());
  // Account ids are short and printable: anything else names no account (and PostgreSQL text cannot hold a NUL).
  const merchant = accountId.length <= 64 && !accountId.includes('\u0000') ? await findMerchant(db, accountId) : undefined;
  if (!merchant) throw new AppError('unknown_account', `No account "${accountId.slice(0, 64)}".`);
  const log = (entry: Omit<DeliveryLogEntry, 'merchantId' | 'provider'>, event?: ParsedWebhook) => {
    // Tracking log, written after the answer. A refusal (anyone can post an unsigned body)
    // is counted in the delivery log only, so it cannot flood the tracking log.
    if (entry.outcome !== 'rejected') logWebhook(db, merchant.id, providerName, entry, event);
    return logDelivery(db, { merchantId: merchant.id, provider: providerName, ...entry }, opts.log);
  };

  if (provider.isPing?.(rawBody, headers)) {
    await log({ outcome: 'ignored', error: `A test request from ${provider.label} to check the URL: nothing to record.` });
    return { received: true, outcome: 'ignored' };
  }

  // Read on every delivery, not cached: a rotated secret applies at once.
  const [setting] = await db
    .select({ secret: webhookSecrets.secret, enabled: webhookSecrets.enabled })
    .from(webhookSecrets)
    .where(and(eq(webhookSecrets.merchantId, merchant.id), eq(webhookSecrets.provider, providerName)));
  if (!setting) {
    await log({ outcome: 'rejected', error: 'No signing secret is set for this provider.' });
    throw new AppError('invalid_signature', `No ${provider.label} signing secret is set for this account: set it in Tools › Webhooks.`);
  }
  if (!setting.enabled) {
    await log({ outcome: 'rejected', error: 'This provider is turned off.' });
    throw new AppError('forbidden', `${provider.label} webhooks are turned off for this account.`);
  }
  const verified = provider.verify(rawBody, headers, setting.secret, opts.now ?? new Date());
  if (!verified.ok) {
    await log({ outcome: 'rejected', error: `Invalid signature: ${verified.reason}.` });
    throw new AppError('invalid_signature', `Invalid signature: ${verified.reason}.`);
  }

  let event: ParsedWebhook;
  try {
    event = parseWebhook(provider, new TextDecoder().decode(rawBody), headers);
  } catch (err) {
    await log({ outcome: 'failed', error: reasonOf(err) });
    throw err;
  }

  try {
    // One transaction: the event is marked as received exactly when its effect is recorded,
    // so a delivery that fails half-way leaves nothing behind and its retry starts afresh.
    const applied = await db.transaction((tx) => receive(tx, merchant.id, providerName, event));
    if (applied.replay) {
      await log({
        eventType: event.eventType,
        outcome: 'duplicate',
        conversionId: applied.conversionId,
        error: `Event ${event.eventId} was received before: nothing changed.`,
      }, event);
    } else logWebhook(db, merchant.id, providerName, { eventType: event.eventType, outcome: applied.outcome, conversionId: applied.conversionId, error: applied.note }, event, applied.trace); // tracking log
    return { received: true, outcome: applied.outcome, ...(applied.conversionId ? { conversionId: applied.conversionId } : {}) };
  } catch (err) {
    await log({ eventType: event.eventType, outcome: 'failed', error: reasonOf(err) }, event);
    throw err;
  }
}

async function receive(db: Db, merchantId: string, provider: WebhookProvider, event: ParsedWebhook): Promise<Applied & { replay?: boolean }> {
  let rowId: string | undefined;
  if (event.eventId) {
    // Claim the event id first: a concurrent delivery of the same event waits on this row, then finds it.
    const [claim] = await db
      .insert(webhookEvents)
      .values({ merchantId, provider, eventId: event.eventId, eventType: event.eventType, outcome: 'processing' })
      .onConflictDoNothing({ target: [webhookEvents.merchantId, webhookEvents.provider, webhookEvents.eventId] })
      .returning({ id: webhookEvents.id });
    if (!claim) {
      const [seen] = await db
        .select({ conversionId: webhookEvents.conversionId })
        .from(webhookEvents)
        .where(
          and(eq(webhookEvents.merchantId, merchantId), eq(webhookEvents.provider, provider), eq(webhookEvents.eventId, event.eventId)),
        );
      return { outcome: 'duplicate', conversionId: seen?.conversionId ?? undefined, replay: true };
    }
    rowId = claim.id;
  }
  const applied = await apply(db, merchantId, provider, event.action);
  const values = { outcome: applied.outcome, conversionId: applied.conversionId ?? null, error: clip(applied.note) };
  if (rowId) await db.update(webhookEvents).set(values).where(eq(webhookEvents.id, rowId));
  else await db.insert(webhookEvents).values({ merchantId, provider, eventType: event.eventType, ...values });
  return applied;
}

async function apply(db: Db, merchantId: string, provider: WebhookProvider, action: WebhookAction): Promise<Applied> {
  const source = `webhook:${provider}`;
  switch (action.kind) {
    case 'ignored':
      return { outcome: 'ignored', note: action.reason };

    case 'sale': {
      await rememberAliases(db, merchantId, action.sale.orderId, action.aliases);
      const r = await recordConversion(db, { ...action.sale, merchantId, source });
      const early = await applyEarlyRefunds(db, merchantId, action.sale.orderId!);
      const note = [r.test ? 'A test order: recorded as a test, never paid.' : '', early].filter(Boolean).join(' ') || undefined;
      return { outcome: r.status, conversionId: r.conversionId, note, trace: r.trace };
    }

    case 'renewal': {
      await rememberAliases(db, merchantId, action.sale.orderId, action.aliases);
      const first = await firstPaymentOf(db, merchantId, action.subscriptionId);
      const sale = { ...action.sale, merchantId, source, subscriptionId: action.subscriptionId };
      if (!first || first.orderId === sale.orderId) {
        const r = await recordConversion(db, sale);
        const note = first ? undefined : `The first payment of subscription ${action.subscriptionId} is not recorded here: attributed like a new sale.`;
        return { outcome: r.status, conversionId: r.conversionId, note, trace: r.trace };
      }
      // recordConversion credits the first payment's referrer only when its campaign pays recurring commissions.
      const r = await recordConversion(db, { ...sale, renewalOf: first });
      const early = await applyEarlyRefunds(db, merchantId, sale.orderId!);
      return { outcome: r.status, conversionId: r.conversionId, note: `Renewal of order ${first.orderId}.${early ? ` ${early}` : ''}`, trace: r.trace };
    }

    case 'refund': {
      const { orderIds, reason, ...refund } = action;
      const orderId = await knownOrder(db, merchantId, orderIds, refund.actionCode ?? '');
      if (!orderId) {
        // Not recorded (yet): kept, and applied if the order arrives later — events come in any order.
        // An order from before the integration simply never claims it.
        await db.insert(earlyRefunds).values({ merchantId, provider, orderRefs: orderIds, refund: { ...refund, ...(reason ? { reason } : {}) } });
        return {
          outcome: 'ignored',
          note: `No order ${orderIds.join(' or ')} in this account yet: the refund is kept and applied if the order arrives within ${EARLY_REFUND_DAYS} days.`,
        };
      }
      const r = await recordRefund(db, { ...refund, merchantId, orderId });
      if (!r.changed) return { outcome: 'duplicate', conversionId: r.conversionId, note: `Order ${orderId}: this refund was recorded before.` };
      return {
        outcome: 'refunded',
        conversionId: r.conversionId,
        note: `${reason ? `${reason} ` : ''}Order ${orderId}: ${toMajorString(r.refunded, r.currency)} ${r.currency} refunded in all.`,
      };
    }

    case 'refund_reversal': {
      const orderId = await knownOrder(db, merchantId, action.orderIds, '');
      if (!orderId) return { outcome: 'ignored', note: `${action.reason} No order ${action.orderIds.join(' or ')} in this account.` };
      const r = await reverseRefund(db, { merchantId, orderId, refundId: action.refundId });
      if (!r.changed) return { outcome: 'ignored', conversionId: r.conversionId, note: `${action.reason} It was never applied: nothing to undo.` };
      return {
        outcome: 'refunded',
        conversionId: r.conversionId,
        note: `${action.reason} Undone: order ${orderId} has ${toMajorString(r.refunded, r.currency)} ${r.currency} refunded in all.`,
      };
    }

    case 'alias': {
      await rememberAliases(db, merchantId, action.orderId, action.aliases);
      const early = await applyEarlyRefunds(db, merchantId, action.orderId);
      return {
        outcome: early ? 'refunded' : 'ignored',
        note: `${action.aliases.join(', ')} paid order ${action.orderId}: a refund naming them refunds it.${early ? ` ${early}` : ''}`,
      };
    }

    case 'subscription': {
      // Remember which subscription the order started, so its renewals find their referrer.
      const [linked] = await db
        .update(conversions)
        .set({ subscriptionId: action.subscriptionId })
        .where(
          and(
            eq(conversions.merchantId, merchantId),
            eq(conversions.orderId, action.orderId),
            eq(conversions.actionCode, ''),
            or(isNull(conversions.subscriptionId), eq(conversions.subscriptionId, action.subscriptionId)),
          ),
        )
        .returning({ id: conversions.id });
      if (!linked)
        return {
          outcome: 'ignored',
          note: `No order ${action.orderId} recorded yet: renewals of subscription ${action.subscriptionId} will be attributed like new sales.`,
        };
      return { outcome: 'ignored', conversionId: linked.id, note: `Order ${action.orderId} started subscription ${action.subscriptionId}.` };
    }
  }
}

/** The first of `ids` this account knows as an order, by its own id or by an alias of it. */
async function knownOrder(db: Db, merchantId: string, ids: string[], actionCode: string): Promise<string | undefined> {
  const aliased = await db
    .select({ alias: orderAliases.alias, orderId: orderAliases.orderId })
    .from(orderAliases)
    .where(and(eq(orderAliases.merchantId, merchantId), inArray(orderAliases.alias, ids)));
  const candidates = [...ids, ...aliased.map((a) => a.orderId)];
  const known = await db
    .select({ orderId: conversions.orderId })
    .from(conversions)
    .where(and(eq(conversions.merchantId, merchantId), inArray(conversions.orderId, candidates), eq(conversions.actionCode, actionCode)));
  const byId = ids.find((id) => known.some((k) => k.orderId === id));
  return byId ?? aliased.find((a) => known.some((k) => k.orderId === a.orderId))?.orderId;
}

/** How long a refund that came before its order waits for it. */
const EARLY_REFUND_DAYS = 90;

/**
 * Applies the refunds that arrived before this order (naming it or one of its aliases),
 * oldest first, and forgets them. Returns what it did, for the delivery log, or ''.
 */
async function applyEarlyRefunds(db: Db, merchantId: string, orderId: string): Promise<string> {
  const aliases = await db
    .select({ alias: orderAliases.alias })
    .from(orderAliases)
    .where(and(eq(orderAliases.merchantId, merchantId), eq(orderAliases.orderId, orderId)));
  const refs = [orderId, ...aliases.map((a) => a.alias)];
  const pending = await db
    .select()
    .from(earlyRefunds)
    .where(
      and(
        eq(earlyRefunds.merchantId, merchantId),
        sql`${earlyRefunds.orderRefs} && ${textArrayLiteral(refs)}::text[]`,
        gt(earlyRefunds.createdAt, sql`now() - make_interval(days => ${EARLY_REFUND_DAYS})`),
      ),
    )
    .orderBy(asc(earlyRefunds.createdAt))
    .for('update');
  if (pending.length === 0) return '';
  const [order] = await db
    .select({ id: conversions.id })
    .from(conversions)
    .where(and(eq(conversions.merchantId, merchantId), eq(conversions.orderId, orderId), eq(conversions.actionCode, '')));
  if (!order) return '';
  let last: { refunded: number; currency: string } | undefined;
  for (const p of pending) {
    const { reason: _reason, ...refund } = p.refund as Omit<RefundRequest, 'merchantId' | 'orderId'> & { reason?: string };
    last = await recordRefund(db, { ...refund, merchantId, orderId });
    await db.delete(earlyRefunds).where(and(eq(earlyRefunds.merchantId, merchantId), eq(earlyRefunds.id, p.id)));
  }
  return `${pending.length === 1 ? 'A refund' : `${pending.length} refunds`} that came before the order applied: ${toMajorString(last!.refunded, last!.currency)} ${last!.currency} refunded in all.`;
}

/** A text[] literal, each element quoted (a `"` or `\` inside escaped), sent as one text parameter. */
const textArrayLiteral = (values: string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

/** Other ids the provider knows an order by. */
async function rememberAliases(db: Db, merchantId: string, orderId: string | undefined, aliases: string[] | undefined) {
  const rows = (aliases ?? []).filter((a) => a !== orderId).map((alias) => ({ merchantId, alias, orderId: orderId! }));
  if (!orderId || rows.length === 0) return;
  await db.insert(orderAliases).values(rows).onConflictDoNothing();
}

/** The subscription's first recorded payment: renewals are credited to its referrer. */
async function firstPaymentOf(db: Db, merchantId: string, subscriptionId: string): Promise<Conversion | undefined> {
  const [first] = await db
    .select()
    .from(conversions)
    .where(
      and(
        eq(conversions.merchantId, merchantId),
        eq(conversions.subscriptionId, subscriptionId),
        eq(conversions.actionCode, ''),
        isNull(conversions.parentConversionId),
      ),
    )
    .orderBy(asc(conversions.createdAt))
    .limit(1);
  return first;
}

interface DeliveryLogEntry {
  merchantId: string;
  provider: string;
  eventType?: string;
  outcome: DeliveryOutcome;
  conversionId?: string;
  error?: string;
}

/** Refusals with the same reason within this window are counted on one row. */
const REFUSALS_WINDOW = sql`interval '1 hour'`;

/**
 * A delivery that took no event id's place: refused, failed or replayed. Never fails the
 * response. A refusal (anyone can post an unsigned body) is counted on the row of the same
 * provider and reason from the last hour, when there is one, instead of adding a row.
 */
async function logDelivery(db: Db, entry: DeliveryLogEntry, logger: Logger = processLog()): Promise<void> {
  try {
    const error = clip(entry.error);
    if (entry.outcome === 'rejected' && error) {
      const same = db
        .select({ id: webhookEvents.id })
        .from(webhookEvents)
        .where(
          and(
            eq(webhookEvents.merchantId, entry.merchantId),
            eq(webhookEvents.provider, entry.provider),
            eq(webhookEvents.outcome, 'rejected'),
            // The same reason, whatever numbers it quotes (a signature's age is the poster's choice).
            sql`regexp_replace(${webhookEvents.error}, '[0-9]+', '#', 'g') = regexp_replace(${error}::text, '[0-9]+', '#', 'g')`,
            gt(webhookEvents.receivedAt, sql`now() - ${REFUSALS_WINDOW}`),
          ),
        )
        .orderBy(desc(webhookEvents.receivedAt), desc(webhookEvents.id))
        .limit(1);
      const counted = await db
        .update(webhookEvents)
        .set({ repeats: sql`${webhookEvents.repeats} + 1`, receivedAt: sql`now()` })
        .where(and(eq(webhookEvents.merchantId, entry.merchantId), inArray(webhookEvents.id, same)))
        .returning({ id: webhookEvents.id });
      if (counted.length > 0) return;
    }
    await db.insert(webhookEvents).values({ ...entry, eventId: null, error });
  } catch (err) {
    logger.error({ err, provider: entry.provider, merchantId: entry.merchantId }, 'a webhook delivery could not be logged');
  }
}

function reasonOf(err: unknown): string {
  if (err instanceof AppError && err.status < 500) return err.message;
  return 'Not recorded because of an error on our side; the provider will send it again.';
}

const clip = (s: string | undefined) => (s === undefined ? null : s.length > 500 ? `${s.slice(0, 499)}…` : s);
