ALTER TABLE "merchants" ADD COLUMN "blocked_countries" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "flagged_countries" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "program_terms" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "clicks_country_backfill_idx" ON "clicks" USING btree ("merchant_id","created_at","id") WHERE "clicks"."country" is null and "clicks"."ip" is not null;