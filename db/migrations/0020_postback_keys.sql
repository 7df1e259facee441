-- Citus readiness (#20) for the postback tables: merchant_id leads their primary keys.
DROP INDEX "affiliate_postbacks_merchant_idx";--> statement-breakpoint
ALTER TABLE "affiliate_postbacks" DROP CONSTRAINT "affiliate_postbacks_pkey";--> statement-breakpoint
ALTER TABLE "postback_attempts" DROP CONSTRAINT "postback_attempts_pkey";--> statement-breakpoint
ALTER TABLE "affiliate_postbacks" ADD CONSTRAINT "affiliate_postbacks_merchant_id_affiliate_id_pk" PRIMARY KEY("merchant_id","affiliate_id");--> statement-breakpoint
ALTER TABLE "postback_attempts" ADD CONSTRAINT "postback_attempts_merchant_id_id_pk" PRIMARY KEY("merchant_id","id");
