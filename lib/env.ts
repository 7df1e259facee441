// The one reader of process.env, validated once: bad configuration is a clear
// start-up error, not a crash deep in a request. Nothing here needs a database,
// so `next build` works with an empty environment.
import { z } from 'zod';

/** A whole number from 1 to `max`, or unset (empty counts as unset). */
const optionalCount = (name: string, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= max), {
      message: `${name} must be a whole number from 1 to ${max}, or unset`,
    })
    .transform((v) => (v === undefined ? undefined : Number(v)));

/** Exported for tests of the defaults; the app reads env(). */
export const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** unset → embedded PGlite in ./.data; `memory://` → in-memory PGlite; `postgres://…` → a server. */
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || v === 'memory://' || /^postgres(ql)?:\/\//.test(v), {
      message: 'DATABASE_URL must be unset, memory:// or a postgres:// URL',
    }),
  /**
   * `0` turns prepared statements off (and sends no startup parameters), for a PostgreSQL
   * reached through a transaction-mode pooler such as PgBouncer; default `1`.
   */
  DATABASE_PREPARE: z.enum(['0', '1']).default('1'),
  /** Where the embedded database keeps its files. */
  DATA_DIR: z.string().default('.data'),
  AUTH_SECRET: z.string().min(16).optional(),
  /** The app's public URL when pinned; an https one turns HSTS on. */
  NEXTAUTH_URL: z.string().trim().optional(),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  /** `0` never seeds, `1` seeds a PostgreSQL server too; unset seeds only the embedded database. */
  SEED_DEMO: z.enum(['0', '1']).optional(),
  /** Requests per minute per client IP on /t/*; 0 turns the limit off. */
  TRACK_RATE_LIMIT: z.coerce.number().int().min(0).default(600),
  /** Requests per minute per account on /t/* (all addresses together); 0 turns the limit off. */
  TRACK_ACCOUNT_RATE_LIMIT: z.coerce.number().int().min(0).default(30_000),
  /** Browser conversions (/t/sale without an API key) per minute per client IP; 0 turns the limit off. */
  TRACK_BROWSER_SALE_RATE_LIMIT: z.coerce.number().int().min(0).default(60),
  /** `1` limits loopback clients (127.0.0.0/8, ::1) too; by default they are exempt from the /t/* limits. */
  TRACK_RATE_LIMIT_LOOPBACK: z.enum(['0', '1']).default('0'),
  /**
   * Which forwarded headers to believe: unset/0 → none (the socket address is the client);
   * a number → that many proxy hops in front of the app; a list → those proxies' addresses/CIDRs.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^\d+$/.test(v) || v === 'false' || v.split(',').every((x) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(x.trim())), {
      message: 'TRUST_PROXY must be a number of proxy hops or a comma-separated list of addresses/CIDR ranges',
    }),
  /** `0` writes each click in its own transaction instead of group commit (for comparison). */
  CLICK_GROUP_COMMIT: z.enum(['0', '1']).default('1'),
  /** Requests per minute per API key on /api/v1 (PLATFORM-API.md §2); 0 turns the limit off. */
  API_RATE_LIMIT: z.coerce.number().int().min(0).default(600),
  /** `1` lets outgoing webhooks reach private, loopback and link-local addresses (tests, a LAN install). */
  WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1']).default('0'),
  /** How long one outgoing webhook attempt may take (connect, send, answer). */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /**
   * Seconds to wait before each retry of an outgoing webhook, comma-separated; after the last
   * the message fails for good. The default retries within a minute and for about 3.6 days.
   */
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)*$/, 'a comma-separated list of seconds')
    .default('5,30,120,300,1800,3600,7200,14400,28800,43200,43200,43200,43200,43200,43200')
    .transform((v) => v.split(',').map((x) => Number(x.trim()))),
  PORT: z.coerce.number().int().positive().default(3000),
  /** The least severe log line written (JSON lines on stdout): `trace` … `fatal`, or `silent`. */
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** `1` lets "check my proxy" (Tools › Integration) fetch private and loopback addresses: for tests only. */
  PROXY_CHECK_ALLOW_PRIVATE: z.enum(['0', '1']).default('0'),
  /** Shares rate limits and cache invalidation between app instances; unset, each process keeps its own. */
  REDIS_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^rediss?:\/\//.test(v), { message: 'REDIS_URL must be a redis:// or rediss:// URL' }),
  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined)),
  /** `smtp://user:pass@host:port` or `smtps://…`: mail goes through that server; unset: kept in the e-mail log and printed. */
  SMTP_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^smtps?:\/\/[^\s]+$/.test(v), { message: 'SMTP_URL must be an smtp:// or smtps:// URL' }),
  /** The sender: `Name <address>` or an address; default `no-reply@<APP_URL's host>` named after the program. */
  MAIL_FROM: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || !/[\r\n]/.test(v), { message: 'MAIL_FROM must be one line' }),
  /** The app's public URL for links in mails; falls back to NEXTAUTH_URL, then http://localhost:PORT. */
  APP_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v.replace(/\/+$/, '') : undefined))
    .refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), { message: 'APP_URL must be an http(s):// URL' }),
  /**
   * Raw clicks older than this many months are deleted (on PostgreSQL whole monthly partitions are
   * dropped, so a month goes once all of it is older); their daily rollups stay. Unset: kept forever.
   */
  CLICK_RETENTION_MONTHS: optionalCount('CLICK_RETENTION_MONTHS', 1200),
  /**
   * Stored IP addresses older than this many days are removed (set to null): on clicks, conversions,
   * the audit log, users' last sign-in and affiliates' sign-in addresses. Unset: kept.
   */
  IP_RETENTION_DAYS: optionalCount('IP_RETENTION_DAYS', 36500),
  /** Milliseconds between the outbox worker's fallback polls (it is woken at once by each committed message). */
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(5000),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  cached = parsed.data;
  return cached;
}

export type DatabaseKind = 'pglite-file' | 'pglite-memory' | 'postgres';

export function databaseKind(url = env().DATABASE_URL): DatabaseKind {
  if (!url) return 'pglite-file';
  if (url === 'memory://') return 'pglite-memory';
  return 'postgres';
}

/** The app's public URL for links in mails (no trailing slash). */
export function appUrl(): string {
  const e = env();
  return e.APP_URL ?? e.NEXTAUTH_URL?.replace(/\/+$/, '') ?? `http://localhost:${e.PORT}`;
}

/** Whether start-up seeds the demo program on an empty database. */
export function shouldSeedDemo(): boolean {
  const { SEED_DEMO } = env();
  if (SEED_DEMO === '0') return false;
  if (SEED_DEMO === '1') return true;
  return databaseKind() !== 'postgres';
}
