-- Citus readiness (#20): the last tables keyed by (id) alone get PRIMARY KEY (merchant_id, id),
-- and every foreign key to them becomes (merchant_id, x_id) → (merchant_id, id): drop the
-- referencing foreign keys, swap the primary keys, add the composite foreign keys. The nullable
-- ON DELETE SET NULL ones are narrowed by hand to their own column (PostgreSQL 15+'s
-- SET NULL (column)), so merchant_id (NOT NULL) is left as it is.
ALTER TABLE "affiliate_commission_groups" DROP CONSTRAINT "affiliate_commission_groups_affiliate_id_affiliates_id_fk";
--> statement-breakpoint
ALTER TABLE "affiliate_commission_groups" DROP CONSTRAINT "affiliate_commission_groups_campaign_id_campaigns_id_fk";
--> statement-breakpoint
ALTER TABLE "affiliate_commission_groups" DROP CONSTRAINT "affiliate_commission_groups_group_id_commission_groups_id_fk";
--> statement-breakpoint
ALTER TABLE "affiliate_postbacks" DROP CONSTRAINT "affiliate_postbacks_affiliate_id_affiliates_id_fk";
--> statement-breakpoint
ALTER TABLE "affiliate_sign_in_ips" DROP CONSTRAINT "affiliate_sign_in_ips_affiliate_id_affiliates_id_fk";
--> statement-breakpoint
ALTER TABLE "affiliates" DROP CONSTRAINT "affiliates_parent_id_affiliates_id_fk";
--> statement-breakpoint
ALTER TABLE "api_idempotency_keys" DROP CONSTRAINT "api_idempotency_keys_api_key_id_api_keys_id_fk";
--> statement-breakpoint
ALTER TABLE "banners" DROP CONSTRAINT "banners_campaign_id_campaigns_id_fk";
--> statement-breakpoint
ALTER TABLE "commission_groups" DROP CONSTRAINT "commission_groups_campaign_id_campaigns_id_fk";
--> statement-breakpoint
ALTER TABLE "commission_rules" DROP CONSTRAINT "commission_rules_campaign_id_campaigns_id_fk";
--> statement-breakpoint
ALTER TABLE "commission_rules" DROP CONSTRAINT "commission_rules_commission_group_id_commission_groups_id_fk";
--> statement-breakpoint
ALTER TABLE "commissions" DROP CONSTRAINT "commissions_conversion_id_conversions_id_fk";
--> statement-breakpoint
ALTER TABLE "commissions" DROP CONSTRAINT "commissions_affiliate_id_affiliates_id_fk";
--> statement-breakpoint
ALTER TABLE "commissions" DROP CONSTRAINT "commissions_payout_id_payouts_id_fk";
--> statement-breakpoint
ALTER TABLE "conversions" DROP CONSTRAINT "conversions_affiliate_id_affiliates_id_fk";
--> statement-breakpoint
ALTER TABLE "coupons" DROP CONSTRAINT "coupons_affiliate_id_affiliates_id_fk";
--> statement-breakpoint
ALTER TABLE "coupons" DROP CONSTRAINT "coupons_campaign_id_campaigns_id_fk";
--> statement-breakpoint
ALTER TABLE "customers" DROP CONSTRAINT "customers_affiliate_id_affiliates_id_fk";
--> statement-breakpoint
ALTER TABLE "payouts" DROP CONSTRAINT "payouts_affiliate_id_affiliates_id_fk";
--> statement-breakpoint
ALTER TABLE "postback_attempts" DROP CONSTRAINT "postback_attempts_affiliate_id_affiliates_id_fk";
--> statement-breakpoint
ALTER TABLE "refunds" DROP CONSTRAINT "refunds_conversion_id_conversions_id_fk";
--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_affiliate_id_affiliates_id_fk";
--> statement-breakpoint
ALTER TABLE "webhook_attempts" DROP CONSTRAINT "webhook_attempts_endpoint_id_webhook_endpoints_id_fk";
--> statement-breakpoint
ALTER TABLE "affiliates" DROP CONSTRAINT "affiliates_pkey";--> statement-breakpoint
ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_pkey";--> statement-breakpoint
ALTER TABLE "campaigns" DROP CONSTRAINT "campaigns_pkey";--> statement-breakpoint
ALTER TABLE "commission_groups" DROP CONSTRAINT "commission_groups_pkey";--> statement-breakpoint
ALTER TABLE "conversions" DROP CONSTRAINT "conversions_pkey";--> statement-breakpoint
ALTER TABLE "payouts" DROP CONSTRAINT "payouts_pkey";--> statement-breakpoint
ALTER TABLE "webhook_endpoints" DROP CONSTRAINT "webhook_endpoints_pkey";--> statement-breakpoint
ALTER TABLE "affiliates" ADD CONSTRAINT "affiliates_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "commission_groups" ADD CONSTRAINT "commission_groups_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "affiliate_commission_groups" ADD CONSTRAINT "affiliate_commission_groups_affiliate_fk" FOREIGN KEY ("merchant_id","affiliate_id") REFERENCES "public"."affiliates"("merchant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affiliate_commission_groups" ADD CONSTRAINT "affiliate_commission_groups_campaign_fk" FOREIGN KEY ("merchant_id","campaign_id") REFERENCES "public"."campaigns"("merchant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affiliate_commission_groups" ADD CONSTRAINT "affiliate_commission_groups_group_fk" FOREIGN KEY ("merchant_id","group_id") REFERENCES "public"."commission_groups"("merchant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affiliate_postbacks" ADD CONSTRAINT "affiliate_postbacks_affiliate_fk" FOREIGN KEY ("merchant_id","affiliate_id") REFERENCES "public"."affiliates"("merchant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affiliate_sign_in_ips" ADD CONSTRAINT "affiliate_sign_in_ips_affiliate_fk" FOREIGN KEY ("merchant_id","affiliate_id") REFERENCES "public"."affiliates"("merchant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affiliates" ADD CONSTRAINT "affiliates_parent_fk" FOREIGN KEY ("merchant_id","parent_id") REFERENCES "public"."affiliates"("merchant_id","id") ON DELETE SET NULL ("parent_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_idempotency_keys" ADD CONSTRAINT "api_idempotency_keys_api_key_fk" FOREIGN KEY ("merchant_id","api_key_id") REFERENCES "public"."api_keys"("merchant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "banners" ADD CONSTRAINT "banners_campaign_fk" FOREIGN KEY ("merchant_id","campaign_id") REFERENCES "public"."campaigns"("merchant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_groups" ADD CONSTRAINT "commission_groups_campaign_fk" FOREIGN KEY ("merchant_id","campaign_id") REFERENCES "public"."campaigns"("merchant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_rules" ADD CONSTRAINT "commission_rules_campaign_fk" FOREIGN KEY ("merchant_id","campaign_id") REFERENCES "public"."campaigns"("merchant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_rules" ADD CONSTRAINT "commission_rules_group_fk" FOREIGN KEY ("merchant_id","commission_group_id") REFERENCES "public"."commission_groups"("merchant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_conversion_fk" FOREIGN KEY ("merchant_id","conversion_id") REFERENCES "public"."conversions"("merchant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_affiliate_fk" FOREIGN KEY ("merchant_id","affiliate_id") REFERENCES "public"."affiliates"("merchant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_payout_fk" FOREIGN KEY ("merchant_id","payout_id") REFERENCES "public"."payouts"("merchant_id","id") ON DELETE SET NULL ("payout_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_affiliate_fk" FOREIGN KEY ("merchant_id","affiliate_id") REFERENCES "public"."affiliates"("merchant_id","id") ON DELETE SET NULL ("affiliate_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_affiliate_fk" FOREIGN KEY ("merchant_id","affiliate_id") REFERENCES "public"."affiliates"("merchant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_campaign_fk" FOREIGN KEY ("merchant_id","campaign_id") REFERENCES "public"."campaigns"("merchant_id","id") ON DELETE SET NULL ("campaign_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_affiliate_fk" FOREIGN KEY ("merchant_id","affiliate_id") REFERENCES "public"."affiliates"("merchant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_affiliate_fk" FOREIGN KEY ("merchant_id","affiliate_id") REFERENCES "public"."affiliates"("merchant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postback_attempts" ADD CONSTRAINT "postback_attempts_affiliate_fk" FOREIGN KEY ("merchant_id","affiliate_id") REFERENCES "public"."affiliates"("merchant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_conversion_fk" FOREIGN KEY ("merchant_id","conversion_id") REFERENCES "public"."conversions"("merchant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_affiliate_fk" FOREIGN KEY ("merchant_id","affiliate_id") REFERENCES "public"."affiliates"("merchant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_endpoint_fk" FOREIGN KEY ("merchant_id","endpoint_id") REFERENCES "public"."webhook_endpoints"("merchant_id","id") ON DELETE cascade ON UPDATE no action;