CREATE TABLE "order_aliases" (
	"merchant_id" text NOT NULL,
	"alias" text NOT NULL,
	"order_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_aliases_merchant_id_alias_pk" PRIMARY KEY("merchant_id","alias")
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "browser_sales" text DEFAULT 'pay' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "browser_action_limit" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "verified" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "test" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "order_aliases" ADD CONSTRAINT "order_aliases_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversions_visitor_idx" ON "conversions" USING btree ("merchant_id","visitor_id","action_code");--> statement-breakpoint
-- Conversions recorded before this migration: every source but the browser's was verified, and the live test's are tests.
UPDATE "conversions" SET "verified" = true WHERE "source" <> 'js';--> statement-breakpoint
UPDATE "conversions" SET "test" = true WHERE "source" = 'test';
--> statement-breakpoint
-- Lifetime links only come from verified conversions now: those a browser report created go.
DELETE FROM "customers" USING "conversions"
  WHERE "conversions"."id" = "customers"."first_conversion_id" AND "conversions"."source" = 'js';--> statement-breakpoint
-- Existing campaigns keep paying every browser action as before; the limit applies to new ones unless the merchant sets it.
UPDATE "campaigns" SET "browser_action_limit" = 0;
