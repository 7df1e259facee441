CREATE TABLE "early_refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" text NOT NULL,
	"provider" text NOT NULL,
	"order_refs" text[] NOT NULL,
	"refund" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "early_refunds" ADD CONSTRAINT "early_refunds_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "early_refunds_merchant_idx" ON "early_refunds" USING btree ("merchant_id","created_at");