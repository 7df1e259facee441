CREATE TABLE "tracking_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"event_type" text,
	"order_id" text,
	"action_code" text,
	"amount" bigint,
	"currency" char(3),
	"visitor_id" text,
	"coupon" text,
	"customer_id" text,
	"customer_email" text,
	"affiliate_ref_id" text,
	"method" text,
	"steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"outcome" text NOT NULL,
	"message" text,
	"conversion_id" uuid
);
--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "tracking_log_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "tracking_log" ADD CONSTRAINT "tracking_log_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tracking_log_merchant_time_idx" ON "tracking_log" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tracking_log_order_idx" ON "tracking_log" USING btree ("merchant_id","order_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tracking_log_visitor_idx" ON "tracking_log" USING btree ("merchant_id","visitor_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tracking_log_affiliate_idx" ON "tracking_log" USING btree ("merchant_id","affiliate_ref_id","created_at","id");