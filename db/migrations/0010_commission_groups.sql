CREATE TABLE "affiliate_commission_groups" (
	"merchant_id" text NOT NULL,
	"affiliate_id" uuid NOT NULL,
	"campaign_id" text NOT NULL,
	"group_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "affiliate_commission_groups_affiliate_id_campaign_id_pk" PRIMARY KEY("affiliate_id","campaign_id")
);
--> statement-breakpoint
CREATE TABLE "commission_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "commission_rules_key";--> statement-breakpoint
ALTER TABLE "commission_rules" ADD COLUMN "commission_group_id" uuid;--> statement-breakpoint
ALTER TABLE "affiliate_commission_groups" ADD CONSTRAINT "affiliate_commission_groups_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affiliate_commission_groups" ADD CONSTRAINT "affiliate_commission_groups_affiliate_id_affiliates_id_fk" FOREIGN KEY ("affiliate_id") REFERENCES "public"."affiliates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affiliate_commission_groups" ADD CONSTRAINT "affiliate_commission_groups_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affiliate_commission_groups" ADD CONSTRAINT "affiliate_commission_groups_group_id_commission_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."commission_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_groups" ADD CONSTRAINT "commission_groups_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_groups" ADD CONSTRAINT "commission_groups_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "affiliate_commission_groups_campaign_idx" ON "affiliate_commission_groups" USING btree ("merchant_id","campaign_id");--> statement-breakpoint
CREATE INDEX "affiliate_commission_groups_group_idx" ON "affiliate_commission_groups" USING btree ("group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "commission_groups_name_key" ON "commission_groups" USING btree ("campaign_id",lower("name"));--> statement-breakpoint
CREATE INDEX "commission_groups_merchant_idx" ON "commission_groups" USING btree ("merchant_id","campaign_id");--> statement-breakpoint
ALTER TABLE "commission_rules" ADD CONSTRAINT "commission_rules_commission_group_id_commission_groups_id_fk" FOREIGN KEY ("commission_group_id") REFERENCES "public"."commission_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "commission_rules_key" ON "commission_rules" USING btree ("campaign_id",coalesce("commission_group_id"::text, ''),"action_code",coalesce("product_id", ''),"tier");