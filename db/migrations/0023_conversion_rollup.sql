CREATE TABLE "conversion_daily_dims" (
	"merchant_id" text NOT NULL,
	"day" date NOT NULL,
	"dim" text NOT NULL,
	"affiliate_id" uuid NOT NULL,
	"campaign_id" text NOT NULL,
	"value" text NOT NULL,
	"currency" char(3) NOT NULL,
	"conversions" integer DEFAULT 0 NOT NULL,
	"revenue" bigint DEFAULT 0 NOT NULL,
	"refunds" bigint DEFAULT 0 NOT NULL,
	"commissions" bigint DEFAULT 0 NOT NULL,
	"own_commissions" bigint DEFAULT 0 NOT NULL,
	"commission_lines" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "conversion_daily_dims_pkey" PRIMARY KEY("merchant_id","dim","day","affiliate_id","campaign_id","value","currency")
);
--> statement-breakpoint
CREATE INDEX "conversion_daily_dims_affiliate_idx" ON "conversion_daily_dims" USING btree ("merchant_id","affiliate_id","dim","day");--> statement-breakpoint
-- Hand-written below (drizzle-kit does not model these): the rollup is kept by triggers, so
-- every statement that writes conversions or commissions — the sale writer's one batched
-- statement, refunds and their reversal, reviews, revisions, credits by hand, imports,
-- anything later — changes it in the same statement. A fact is one counted conversion's
-- own line (1, revenue net of refunds, refunds, in its currency) or one of its undeclined
-- commissions (in the commission's currency), with the dimension values it is counted under
-- (its click's; a sub-id the sale carried when the click had none), as reports counted them
-- from the tables before (tests/conversion-rollup.test.ts recounts them from the tables and
-- compares). Like the click rollups, it stays when retention drops old raw clicks.
CREATE TYPE "conversion_rollup_fact" AS (
  merchant_id text, day date, affiliate_id uuid, campaign_id text, currency text, n int, revenue bigint, refunds bigint,
  commissions bigint, own bigint, lines int, banner text, channel text, data1 text, data2 text, data3 text, data4 text, data5 text,
  landing text, referrer text, country text, device text, browser text, os text);
--> statement-breakpoint
-- Adds facts (negative ones take away): every dimension with a value, for the conversion's
-- affiliate and for all affiliates (the nil id). Keys whose sums come to nothing are not
-- touched; the rest are written in key order, so concurrent writers lock them in the same order.
CREATE FUNCTION "conversion_rollup_add"(facts conversion_rollup_fact[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO conversion_daily_dims (merchant_id, dim, day, affiliate_id, campaign_id, value, currency,
    conversions, revenue, refunds, commissions, own_commissions, commission_lines)
  SELECT f.merchant_id, d.dim, f.day, w.aff, f.campaign_id, d.value, f.currency,
    sum(f.n), sum(f.revenue), sum(f.refunds), sum(f.commissions), sum(f.own), sum(f.lines)
  FROM unnest(facts) f
  CROSS JOIN LATERAL (VALUES (f.affiliate_id), ('00000000-0000-0000-0000-000000000000'::uuid)) AS w(aff)
  CROSS JOIN LATERAL (VALUES ('total', ''), ('banner', f.banner), ('channel', f.channel),
    ('data1', f.data1), ('data2', f.data2), ('data3', f.data3), ('data4', f.data4), ('data5', f.data5),
    ('landingPage', f.landing), ('referrer', f.referrer),
    ('country', f.country), ('device', f.device), ('browser', f.browser), ('os', f.os)) AS d(dim, value)
  WHERE d.value IS NOT NULL AND w.aff IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  HAVING sum(f.n) <> 0 OR sum(f.revenue) <> 0 OR sum(f.refunds) <> 0 OR sum(f.commissions) <> 0 OR sum(f.own) <> 0 OR sum(f.lines) <> 0
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (merchant_id, dim, day, affiliate_id, campaign_id, value, currency) DO UPDATE
    SET conversions = conversion_daily_dims.conversions + excluded.conversions,
        revenue = conversion_daily_dims.revenue + excluded.revenue,
        refunds = conversion_daily_dims.refunds + excluded.refunds,
        commissions = conversion_daily_dims.commissions + excluded.commissions,
        own_commissions = conversion_daily_dims.own_commissions + excluded.own_commissions,
        commission_lines = conversion_daily_dims.commission_lines + excluded.commission_lines
$$;
--> statement-breakpoint
-- The facts of these conversion rows (counted ones only), times `sign`: their own lines, and
-- with `with_commissions` those of their commissions as the table holds them now.
CREATE FUNCTION "conversion_rollup_facts"(rows conversions[], sign int, with_commissions boolean) RETURNS conversion_rollup_fact[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(ROW(c.merchant_id, (c.created_at AT TIME ZONE 'UTC')::date, c.affiliate_id, c.campaign_id, l.currency,
      sign * l.n, sign * l.revenue, sign * l.refunds, sign * l.commissions, sign * l.own, sign * l.lines,
      k.banner_id, k.channel, coalesce(k.data1, c.data1), coalesce(k.data2, c.data2), coalesce(k.data3, c.data3),
      coalesce(k.data4, c.data4), coalesce(k.data5, c.data5),
      nullif(left(regexp_replace(k.url, '[?#].*$', ''), 500), ''),
      nullif(regexp_replace(lower(substring(k.referrer from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]+)')), '^www[.]', ''), ''),
      k.country, k.device, k.browser, k.os)::conversion_rollup_fact), '{}')
  FROM unnest(rows) c
  LEFT JOIN clicks k ON k.merchant_id = c.merchant_id AND k.id = c.click_id
  CROSS JOIN LATERAL (
    SELECT c.currency::text AS currency, 1 AS n, (c.total - c.refunded)::bigint AS revenue, c.refunded::bigint AS refunds,
      0::bigint AS commissions, 0::bigint AS own, 0 AS lines
    UNION ALL
    SELECT m.currency::text, 0, 0, 0, sum(m.amount)::bigint, coalesce(sum(m.amount) FILTER (WHERE m.affiliate_id = c.affiliate_id), 0)::bigint, count(*)::int
    FROM commissions m
    WHERE with_commissions AND m.merchant_id = c.merchant_id AND m.conversion_id = c.id AND m.status <> 'declined'
    GROUP BY m.currency
  ) l
  WHERE c.status = 'attributed' AND NOT c.test
$$;
--> statement-breakpoint
-- The facts of these commission rows (undeclined ones of counted conversions), times `sign`.
CREATE FUNCTION "commission_rollup_facts"(rows commissions[], sign int) RETURNS conversion_rollup_fact[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(ROW(c.merchant_id, (c.created_at AT TIME ZONE 'UTC')::date, c.affiliate_id, c.campaign_id, m.currency::text,
      0, 0::bigint, 0::bigint, sign * m.amount, sign * (CASE WHEN m.affiliate_id = c.affiliate_id THEN m.amount ELSE 0 END), sign,
      k.banner_id, k.channel, coalesce(k.data1, c.data1), coalesce(k.data2, c.data2), coalesce(k.data3, c.data3),
      coalesce(k.data4, c.data4), coalesce(k.data5, c.data5),
      nullif(left(regexp_replace(k.url, '[?#].*$', ''), 500), ''),
      nullif(regexp_replace(lower(substring(k.referrer from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]+)')), '^www[.]', ''), ''),
      k.country, k.device, k.browser, k.os)::conversion_rollup_fact), '{}')
  FROM unnest(rows) m
  JOIN conversions c ON c.merchant_id = m.merchant_id AND c.id = m.conversion_id
  LEFT JOIN clicks k ON k.merchant_id = c.merchant_id AND k.id = c.click_id
  WHERE m.status <> 'declined' AND c.status = 'attributed' AND NOT c.test
$$;
--> statement-breakpoint
-- A new conversion's own lines; its commissions come in with the commissions' own statement
-- (or the same one: the sale writer's), through their trigger.
CREATE FUNCTION "conversions_rollup_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM conversion_rollup_add(conversion_rollup_facts((SELECT array_agg(n::conversions) FROM new_rows n), 1, false));
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A change of what a conversion is counted as (status, test, day, amounts, currency,
-- affiliate, campaign, click, sub-ids): out with its old lines, in with its new ones, with
-- its commissions. Other changes (a customer erased, a review) move nothing.
CREATE FUNCTION "conversions_rollup_update"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  olds conversions[];
  news conversions[];
BEGIN
  SELECT array_agg(o::conversions), array_agg(n::conversions) INTO olds, news
  FROM old_rows o JOIN new_rows n ON n.merchant_id = o.merchant_id AND n.id = o.id
  WHERE (o.status, o.test, o.created_at, o.currency, o.total, o.refunded, o.affiliate_id, o.campaign_id, o.click_id,
         o.data1, o.data2, o.data3, o.data4, o.data5)
     IS DISTINCT FROM (n.status, n.test, n.created_at, n.currency, n.total, n.refunded, n.affiliate_id, n.campaign_id, n.click_id,
         n.data1, n.data2, n.data3, n.data4, n.data5);
  IF olds IS NOT NULL THEN
    PERFORM conversion_rollup_add(conversion_rollup_facts(olds, -1, true) || conversion_rollup_facts(news, 1, true));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Before the row goes, while its commissions (deleted with it) are still there.
CREATE FUNCTION "conversions_rollup_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM conversion_rollup_add(conversion_rollup_facts(ARRAY[OLD], -1, true));
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE FUNCTION "commissions_rollup_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM conversion_rollup_add(commission_rollup_facts((SELECT array_agg(n::commissions) FROM new_rows n), 1));
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Declined or restored, revised, refunded: out with the old line, in with the new. A status
-- change between undeclined ones (approved, paid) or a payout link moves nothing.
CREATE FUNCTION "commissions_rollup_update"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  olds commissions[];
  news commissions[];
BEGIN
  SELECT array_agg(o::commissions), array_agg(n::commissions) INTO olds, news
  FROM old_rows o JOIN new_rows n ON n.merchant_id = o.merchant_id AND n.id = o.id
  WHERE (o.amount, o.status = 'declined', o.currency, o.affiliate_id, o.conversion_id)
     IS DISTINCT FROM (n.amount, n.status = 'declined', n.currency, n.affiliate_id, n.conversion_id);
  IF olds IS NOT NULL THEN
    PERFORM conversion_rollup_add(commission_rollup_facts(olds, -1) || commission_rollup_facts(news, 1));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Deleted with their conversion, they find it gone: its trigger took them out already.
CREATE FUNCTION "commissions_rollup_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM conversion_rollup_add(commission_rollup_facts((SELECT array_agg(o::commissions) FROM old_rows o), -1));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "conversions_rollup_insert" AFTER INSERT ON "conversions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conversions_rollup_insert();--> statement-breakpoint
CREATE TRIGGER "conversions_rollup_update" AFTER UPDATE ON "conversions" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conversions_rollup_update();--> statement-breakpoint
CREATE TRIGGER "conversions_rollup_delete" BEFORE DELETE ON "conversions" FOR EACH ROW EXECUTE FUNCTION conversions_rollup_delete();--> statement-breakpoint
CREATE TRIGGER "commissions_rollup_insert" AFTER INSERT ON "commissions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION commissions_rollup_insert();--> statement-breakpoint
CREATE TRIGGER "commissions_rollup_update" AFTER UPDATE ON "commissions" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION commissions_rollup_update();--> statement-breakpoint
CREATE TRIGGER "commissions_rollup_delete" AFTER DELETE ON "commissions" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION commissions_rollup_delete();--> statement-breakpoint
-- The backfill: what the conversions and commissions already stored count, account by account.
SELECT conversion_rollup_add(conversion_rollup_facts(array_agg(c), 1, true)) FROM conversions c GROUP BY c.merchant_id;
