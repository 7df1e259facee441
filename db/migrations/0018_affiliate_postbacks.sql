CREATE TABLE "affiliate_postbacks" (
	"affiliate_id" uuid PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"url_template" text NOT NULL,
	"method" text DEFAULT 'GET' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"blocked_by_merchant" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "postback_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"affiliate_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"commission_id" uuid,
	"conversion_id" uuid,
	"test" boolean DEFAULT false NOT NULL,
	"method" text NOT NULL,
	"url" text NOT NULL,
	"attempt" integer NOT NULL,
	"outcome" text NOT NULL,
	"response_status" integer,
	"response_body" text,
	"error" text,
	"duration_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "affiliate_postbacks" ADD CONSTRAINT "affiliate_postbacks_affiliate_id_affiliates_id_fk" FOREIGN KEY ("affiliate_id") REFERENCES "public"."affiliates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affiliate_postbacks" ADD CONSTRAINT "affiliate_postbacks_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postback_attempts" ADD CONSTRAINT "postback_attempts_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postback_attempts" ADD CONSTRAINT "postback_attempts_affiliate_id_affiliates_id_fk" FOREIGN KEY ("affiliate_id") REFERENCES "public"."affiliates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "affiliate_postbacks_merchant_idx" ON "affiliate_postbacks" USING btree ("merchant_id","affiliate_id");--> statement-breakpoint
CREATE INDEX "postback_attempts_affiliate_idx" ON "postback_attempts" USING btree ("merchant_id","affiliate_id","created_at","id");