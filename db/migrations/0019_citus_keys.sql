-- Citus readiness (#20): every tenant table's primary key and unique constraints include
-- merchant_id, the distribution key. Primary keys of (id) become (merchant_id, id).
DROP INDEX "account_tokens_hash_key";--> statement-breakpoint
DROP INDEX "api_keys_hash_key";--> statement-breakpoint
DROP INDEX "commission_groups_name_key";--> statement-breakpoint
DROP INDEX "commission_rules_key";--> statement-breakpoint
ALTER TABLE "affiliate_commission_groups" DROP CONSTRAINT "affiliate_commission_groups_affiliate_id_campaign_id_pk";--> statement-breakpoint
ALTER TABLE "affiliate_sign_in_ips" DROP CONSTRAINT "affiliate_sign_in_ips_affiliate_id_ip_pk";--> statement-breakpoint
ALTER TABLE "api_idempotency_keys" DROP CONSTRAINT "api_idempotency_keys_api_key_id_key_pk";--> statement-breakpoint
ALTER TABLE "account_tokens" DROP CONSTRAINT "account_tokens_pkey";--> statement-breakpoint
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_pkey";--> statement-breakpoint
ALTER TABLE "banners" DROP CONSTRAINT "banners_pkey";--> statement-breakpoint
ALTER TABLE "commission_rules" DROP CONSTRAINT "commission_rules_pkey";--> statement-breakpoint
ALTER TABLE "commissions" DROP CONSTRAINT "commissions_pkey";--> statement-breakpoint
ALTER TABLE "coupons" DROP CONSTRAINT "coupons_pkey";--> statement-breakpoint
ALTER TABLE "customers" DROP CONSTRAINT "customers_pkey";--> statement-breakpoint
ALTER TABLE "early_refunds" DROP CONSTRAINT "early_refunds_pkey";--> statement-breakpoint
ALTER TABLE "refunds" DROP CONSTRAINT "refunds_pkey";--> statement-breakpoint
ALTER TABLE "tracking_log" DROP CONSTRAINT "tracking_log_pkey";--> statement-breakpoint
ALTER TABLE "visitors" DROP CONSTRAINT "visitors_pkey";--> statement-breakpoint
ALTER TABLE "webhook_attempts" DROP CONSTRAINT "webhook_attempts_pkey";--> statement-breakpoint
ALTER TABLE "webhook_events" DROP CONSTRAINT "webhook_events_pkey";--> statement-breakpoint
ALTER TABLE "webhook_secrets" DROP CONSTRAINT "webhook_secrets_pkey";--> statement-breakpoint
ALTER TABLE "account_tokens" ADD CONSTRAINT "account_tokens_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "affiliate_commission_groups" ADD CONSTRAINT "affiliate_commission_groups_merchant_id_affiliate_id_campaign_id_pk" PRIMARY KEY("merchant_id","affiliate_id","campaign_id");--> statement-breakpoint
ALTER TABLE "affiliate_sign_in_ips" ADD CONSTRAINT "affiliate_sign_in_ips_merchant_id_affiliate_id_ip_pk" PRIMARY KEY("merchant_id","affiliate_id","ip");--> statement-breakpoint
ALTER TABLE "api_idempotency_keys" ADD CONSTRAINT "api_idempotency_keys_merchant_id_api_key_id_key_pk" PRIMARY KEY("merchant_id","api_key_id","key");--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "banners" ADD CONSTRAINT "banners_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "commission_rules" ADD CONSTRAINT "commission_rules_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "early_refunds" ADD CONSTRAINT "early_refunds_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "tracking_log" ADD CONSTRAINT "tracking_log_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "visitors" ADD CONSTRAINT "visitors_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
ALTER TABLE "webhook_secrets" ADD CONSTRAINT "webhook_secrets_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");--> statement-breakpoint
CREATE INDEX "account_tokens_hash_idx" ON "account_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_keys_hash_idx" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "account_tokens_hash_key" ON "account_tokens" USING btree ("merchant_id","token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys" USING btree ("merchant_id","key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "commission_groups_name_key" ON "commission_groups" USING btree ("merchant_id","campaign_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "commission_rules_key" ON "commission_rules" USING btree ("merchant_id","campaign_id",coalesce("commission_group_id"::text, ''),"action_code",coalesce("product_id", ''),"tier");