CREATE TABLE "affiliate_sign_in_ips" (
	"merchant_id" text NOT NULL,
	"affiliate_id" uuid NOT NULL,
	"ip" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "affiliate_sign_in_ips_affiliate_id_ip_pk" PRIMARY KEY("affiliate_id","ip")
);
--> statement-breakpoint
ALTER TABLE "affiliates" ADD COLUMN "blocked" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "clicks" ADD COLUMN "flag" text;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversions" ADD COLUMN "reviewed_by" uuid;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "repeat_click_window_minutes" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "fast_conversion_seconds" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "flag_affiliate_ips" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "blocked_ips" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "affiliate_sign_in_ips" ADD CONSTRAINT "affiliate_sign_in_ips_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affiliate_sign_in_ips" ADD CONSTRAINT "affiliate_sign_in_ips_affiliate_id_affiliates_id_fk" FOREIGN KEY ("affiliate_id") REFERENCES "public"."affiliates"("id") ON DELETE cascade ON UPDATE no action;