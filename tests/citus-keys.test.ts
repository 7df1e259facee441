// Citus readiness (issue #20, DESIGN.md › Scale): every tenant table is distributed by
// merchant_id, and Citus can only enforce a primary key or a unique constraint that
// contains the distribution column. This test reads the migrated catalog (PGlite or
// PostgreSQL) and fails on any table with a merchant_id whose primary key, unique
// constraint or unique index leaves it out, and on any table without merchant_id that is
// not on the documented list of global tables. The exceptions are named, with the reason,
// and the test also fails when an exception is no longer needed, so the list only shrinks.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db';
import { createTestDb, type TestDb } from './helpers/db';

/** Tables without merchant_id: not tenant data (README › Scaling out with Citus). */
const GLOBAL_TABLES: Record<string, string> = {
  merchants: 'the tenants themselves: distributed by id, which is the merchant_id of every other table',
  recovery_codes: 'a user’s two-factor recovery codes: follow users (a reference table)',
  sign_in_throttle: 'sign-in attempt counters per e-mail and address, before any program is known',
  spent_tokens: 'ids of used one-time links, checked before the link’s program is known',
  __drizzle_migrations: 'the migrator’s own bookkeeping',
};

/** Tables with merchant_id whose keys do not (yet) include it, each with why. */
const KNOWN_EXCEPTIONS: Record<string, string> = {
  users: 'global: one e-mail signs in across programs (unique lower(email)); a Citus reference table',
  outbox_messages: 'global: the delivery queue, claimed across tenants with SKIP LOCKED; merchant_id is null for platform mail',
};

interface KeyRow {
  table: string;
  kind: string;
  name: string;
  definition: string;
}

let t: TestDb;
let tables: Array<{ table: string; hasMerchant: boolean; merchantNotNull: boolean }>;
let offending: KeyRow[];

beforeAll(async () => {
  t = await createTestDb();
  tables = rowsOf<{ table: string; hasMerchant: boolean; merchantNotNull: boolean }>(
    await t.db.execute(sql`
      select c.relname as "table",
             exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'merchant_id' and not a.attisdropped) as "hasMerchant",
             coalesce((select a.attnotnull from pg_attribute a where a.attrelid = c.oid and a.attname = 'merchant_id' and not a.attisdropped), false) as "merchantNotNull"
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
       order by 1`),
  );
  // Primary keys and unique constraints (pg_constraint), and unique indexes that back no
  // constraint (drizzle's uniqueIndex), of tables with merchant_id, that leave it out.
  offending = rowsOf<KeyRow>(
    await t.db.execute(sql`
      with tenant as (
        select c.oid, c.relname, a.attnum as mid
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = c.oid and a.attname = 'merchant_id' and not a.attisdropped
         where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      )
      select t.relname as "table", case con.contype when 'p' then 'primary key' else 'unique' end as kind,
             con.conname as name, pg_get_constraintdef(con.oid) as definition
        from tenant t join pg_constraint con on con.conrelid = t.oid
       where con.contype in ('p', 'u') and not (t.mid = any(con.conkey))
      union all
      select t.relname, 'unique index', i.relname, pg_get_indexdef(ix.indexrelid)
        from tenant t
        join pg_index ix on ix.indrelid = t.oid
        join pg_class i on i.oid = ix.indexrelid
       where ix.indisunique
         and not exists (select 1 from pg_constraint con where con.conindid = ix.indexrelid)
         and not (t.mid = any(ix.indkey::int2[]))
       order by 1, 3`),
  );
});
afterAll(() => t?.close());

describe('Citus readiness: merchant_id in every tenant key', () => {
  it('reads the catalog (the check would see a violation)', () => {
    expect(tables.length).toBeGreaterThan(30);
    // The exceptions are real violations: the query finds them.
    expect(offending.map((r) => r.table)).toContain('users');
  });

  it('every primary key and unique constraint or index of a table with merchant_id includes it', () => {
    const unexpected = offending.filter((r) => !(r.table in KNOWN_EXCEPTIONS)).map((r) => `${r.table}: ${r.kind} ${r.name} ${r.definition}`);
    expect(unexpected, 'add merchant_id to these keys (or document the table in README › Scaling out with Citus)').toEqual([]);
  });

  it('merchant_id is NOT NULL wherever it is part of the tenant data', () => {
    const nullable = tables.filter((x) => x.hasMerchant && !x.merchantNotNull && !(x.table in KNOWN_EXCEPTIONS)).map((x) => x.table);
    expect(nullable).toEqual([]);
  });

  it('every table without merchant_id is a documented global table', () => {
    const undocumented = tables.filter((x) => !x.hasMerchant && !(x.table in GLOBAL_TABLES)).map((x) => x.table);
    expect(undocumented, 'a tenant table needs merchant_id; a global one a line in GLOBAL_TABLES and the README').toEqual([]);
  });

  it('every foreign key between tenant tables carries merchant_id: (merchant_id, x_id) → (merchant_id, id)', async () => {
    const single = rowsOf<{ table: string; name: string; definition: string }>(
      await t.db.execute(sql`
        select con.conrelid::regclass::text as "table", con.conname as name, pg_get_constraintdef(con.oid) as definition
          from pg_constraint con
          join pg_attribute a on a.attrelid = con.conrelid and a.attname = 'merchant_id' and not a.attisdropped
          join pg_attribute fa on fa.attrelid = con.confrelid and fa.attname = 'merchant_id' and not fa.attisdropped
         where con.contype = 'f'
           and con.confrelid::regclass::text not in ('users', 'outbox_messages')
           and not (a.attnum = any(con.conkey) and fa.attnum = any(con.confkey))
         order by 1, 2`),
    ).map((r) => `${r.table}: ${r.name} ${r.definition}`);
    expect(single).toEqual([]);
  });

  it('a deleted parent nulls only its own column of a nullable foreign key (SET NULL (column)), cascades the rest', async () => {
    await t.db.execute(sql`insert into merchants (id, name) values ('citus_fk', 'Citus FK')`);
    await t.db.execute(sql`insert into campaigns (id, merchant_id, name) values ('cmp_citus_fk', 'citus_fk', 'C')`);
    await t.db.execute(sql`insert into affiliates (id, merchant_id, ref_id, name, email) values
      ('00000000-0000-4000-8000-00000000c001', 'citus_fk', 'parent', 'P', 'p@example.com')`);
    await t.db.execute(sql`insert into affiliates (id, merchant_id, ref_id, name, email, parent_id) values
      ('00000000-0000-4000-8000-00000000c002', 'citus_fk', 'child', 'C', 'c@example.com', '00000000-0000-4000-8000-00000000c001')`);
    await t.db.execute(sql`insert into conversions (id, merchant_id, campaign_id, order_id, currency, status, affiliate_id, source) values
      ('00000000-0000-4000-8000-00000000c003', 'citus_fk', 'cmp_citus_fk', 'o1', 'USD', 'attributed', '00000000-0000-4000-8000-00000000c001', 'api')`);
    await t.db.execute(sql`insert into coupons (merchant_id, code, affiliate_id, campaign_id) values
      ('citus_fk', 'CITUS', '00000000-0000-4000-8000-00000000c002', 'cmp_citus_fk')`);
    await t.db.execute(sql`insert into commissions (merchant_id, conversion_id, affiliate_id, amount, original_amount, currency) values
      ('citus_fk', '00000000-0000-4000-8000-00000000c003', '00000000-0000-4000-8000-00000000c001', 100, 100, 'USD')`);
    // Another merchant's rows cannot point at this merchant's affiliate.
    await t.db.execute(sql`insert into merchants (id, name) values ('citus_fk2', 'Other')`);
    await expect(
      t.db.execute(sql`insert into coupons (merchant_id, code, affiliate_id) values ('citus_fk2', 'CROSS', '00000000-0000-4000-8000-00000000c002')`),
    ).rejects.toThrow();

    await t.db.execute(sql`delete from affiliates where merchant_id = 'citus_fk' and id = '00000000-0000-4000-8000-00000000c001'`);
    await t.db.execute(sql`delete from campaigns where merchant_id = 'citus_fk' and id = 'cmp_citus_fk'`);
    const child = rowsOf<{ merchant_id: string; parent_id: string | null }>(
      await t.db.execute(sql`select merchant_id, parent_id from affiliates where id = '00000000-0000-4000-8000-00000000c002'`),
    );
    expect(child).toEqual([{ merchant_id: 'citus_fk', parent_id: null }]);
    const conversion = rowsOf<{ merchant_id: string; affiliate_id: string | null }>(
      await t.db.execute(sql`select merchant_id, affiliate_id from conversions where id = '00000000-0000-4000-8000-00000000c003'`),
    );
    expect(conversion).toEqual([{ merchant_id: 'citus_fk', affiliate_id: null }]);
    const coupon = rowsOf<{ merchant_id: string; campaign_id: string | null }>(
      await t.db.execute(sql`select merchant_id, campaign_id from coupons where code = 'CITUS'`),
    );
    expect(coupon).toEqual([{ merchant_id: 'citus_fk', campaign_id: null }]);
    const commissions = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from commissions where merchant_id = 'citus_fk'`));
    expect(commissions).toEqual([{ n: 0 }]);
  });

  it('the list of exceptions only shrinks: each one still needs to be there', () => {
    const violating = new Set(offending.map((r) => r.table));
    const stale = Object.keys(KNOWN_EXCEPTIONS).filter((name) => !violating.has(name));
    expect(stale, 'these tables are fixed: drop them from KNOWN_EXCEPTIONS and the README').toEqual([]);
  });
});
