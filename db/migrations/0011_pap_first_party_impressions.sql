CREATE TABLE "imported_records" (
	"merchant_id" text NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"external_id" text NOT NULL,
	"local_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "imported_records_merchant_id_source_kind_external_id_pk" PRIMARY KEY("merchant_id","source","kind","external_id")
);
--> statement-breakpoint
CREATE TABLE "impression_daily_stats" (
	"merchant_id" text NOT NULL,
	"day" date NOT NULL,
	"affiliate_id" uuid NOT NULL,
	"banner_id" text DEFAULT '' NOT NULL,
	"impressions" integer DEFAULT 0 NOT NULL,
	"unique_impressions" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "impression_daily_stats_merchant_id_day_affiliate_id_banner_id_pk" PRIMARY KEY("merchant_id","day","affiliate_id","banner_id")
);
--> statement-breakpoint
CREATE TABLE "impression_visitors" (
	"merchant_id" text NOT NULL,
	"day" date NOT NULL,
	"affiliate_id" uuid NOT NULL,
	"banner_id" text DEFAULT '' NOT NULL,
	"visitor_key" text NOT NULL,
	CONSTRAINT "impression_visitors_merchant_id_day_affiliate_id_banner_id_visitor_key_pk" PRIMARY KEY("merchant_id","day","affiliate_id","banner_id","visitor_key")
);
--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "tracking_domain" text;--> statement-breakpoint
ALTER TABLE "imported_records" ADD CONSTRAINT "imported_records_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "impression_daily_stats_banner_idx" ON "impression_daily_stats" USING btree ("merchant_id","banner_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "merchants_tracking_domain_key" ON "merchants" USING btree ("tracking_domain");