CREATE TABLE "click_daily_stats" (
	"merchant_id" text NOT NULL,
	"day" date NOT NULL,
	"affiliate_id" uuid NOT NULL,
	"clicks" integer DEFAULT 0 NOT NULL,
	"unique_clicks" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "click_daily_stats_merchant_id_day_affiliate_id_pk" PRIMARY KEY("merchant_id","day","affiliate_id")
);
--> statement-breakpoint
DROP INDEX "clicks_merchant_time_idx";--> statement-breakpoint
DROP INDEX "clicks_affiliate_time_idx";--> statement-breakpoint
CREATE INDEX "clicks_merchant_time_idx" ON "clicks" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "clicks_affiliate_time_idx" ON "clicks" USING btree ("merchant_id","affiliate_id","created_at","id");--> statement-breakpoint
-- Clicks recorded before the rollup existed (same statement as server/tracking/click-stats.ts).
INSERT INTO "click_daily_stats" ("merchant_id", "day", "affiliate_id", "clicks", "unique_clicks")
SELECT "merchant_id", ("created_at" AT TIME ZONE 'UTC')::date, "affiliate_id", count(*), count(*) FILTER (WHERE NOT "is_repeat")
FROM "clicks" GROUP BY 1, 2, 3;
