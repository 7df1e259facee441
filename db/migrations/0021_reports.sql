ALTER TABLE "click_daily_dims" DROP CONSTRAINT "click_daily_dims_merchant_id_dim_day_value_pk";--> statement-breakpoint
ALTER TABLE "click_daily_dims" ADD COLUMN "affiliate_id" uuid DEFAULT '00000000-0000-0000-0000-000000000000' NOT NULL;--> statement-breakpoint
ALTER TABLE "click_daily_dims" ADD COLUMN "campaign_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "click_daily_dims" ALTER COLUMN "affiliate_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "click_daily_dims" ALTER COLUMN "campaign_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "clicks" ADD COLUMN "country" text;--> statement-breakpoint
ALTER TABLE "clicks" ADD COLUMN "device" text;--> statement-breakpoint
ALTER TABLE "clicks" ADD COLUMN "browser" text;--> statement-breakpoint
ALTER TABLE "clicks" ADD COLUMN "os" text;--> statement-breakpoint
-- The rollup now keys by affiliate (the nil id: all affiliates) and campaign too: days whose raw
-- clicks are still stored are rebuilt from them below; older days (raw clicks dropped by
-- retention) keep their rows as all-affiliates rows, and the old `campaign` dimension becomes
-- the campaign column of a `total` row.
DELETE FROM "click_daily_dims" d WHERE EXISTS (
  SELECT 1 FROM "clicks" c WHERE c.merchant_id = d.merchant_id
    AND c.created_at >= d.day::timestamp AT TIME ZONE 'UTC' AND c.created_at < (d.day + 1)::timestamp AT TIME ZONE 'UTC');--> statement-breakpoint
UPDATE "click_daily_dims" SET dim = 'total', campaign_id = value, value = '' WHERE dim = 'campaign';--> statement-breakpoint
ALTER TABLE "click_daily_dims" ADD CONSTRAINT "click_daily_dims_merchant_id_dim_day_affiliate_id_campaign_id_value_pk" PRIMARY KEY("merchant_id","dim","day","affiliate_id","campaign_id","value");--> statement-breakpoint
INSERT INTO "click_daily_dims" (merchant_id, dim, day, affiliate_id, campaign_id, value, clicks, unique_clicks)
SELECT merchant_id, d.dim, (created_at AT TIME ZONE 'UTC')::date, w.aff, campaign_id, d.value, count(*), count(*) FILTER (WHERE NOT is_repeat)
FROM "clicks"
CROSS JOIN LATERAL (VALUES (affiliate_id), ('00000000-0000-0000-0000-000000000000'::uuid)) AS w(aff)
CROSS JOIN LATERAL (VALUES ('total', ''), ('banner', banner_id), ('channel', channel),
  ('data1', data1), ('data2', data2), ('data3', data3), ('data4', data4), ('data5', data5),
  ('landingPage', nullif(left(regexp_replace(url, '[?#].*$', ''), 500), '')),
  ('referrer', nullif(regexp_replace(lower(substring(referrer from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]+)')), '^www[.]', ''), ''))) AS d(dim, value)
WHERE d.value IS NOT NULL AND flag IS DISTINCT FROM 'handoff'
GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT (merchant_id, dim, day, affiliate_id, campaign_id, value) DO UPDATE
  SET clicks = click_daily_dims.clicks + excluded.clicks, unique_clicks = click_daily_dims.unique_clicks + excluded.unique_clicks;--> statement-breakpoint
CREATE INDEX "click_daily_dims_affiliate_idx" ON "click_daily_dims" USING btree ("merchant_id","affiliate_id","dim","day");
