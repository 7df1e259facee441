DROP INDEX "audit_log_merchant_idx";--> statement-breakpoint
DROP INDEX "commissions_merchant_status_idx";--> statement-breakpoint
DROP INDEX "commissions_affiliate_idx";--> statement-breakpoint
DROP INDEX "conversions_merchant_time_idx";--> statement-breakpoint
DROP INDEX "conversions_affiliate_time_idx";--> statement-breakpoint
DROP INDEX "payouts_merchant_idx";--> statement-breakpoint
DROP INDEX "payouts_affiliate_idx";--> statement-breakpoint
DROP INDEX "webhook_events_recent_idx";--> statement-breakpoint
CREATE INDEX "commissions_merchant_time_idx" ON "commissions" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_log_merchant_idx" ON "audit_log" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "commissions_merchant_status_idx" ON "commissions" USING btree ("merchant_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "commissions_affiliate_idx" ON "commissions" USING btree ("merchant_id","affiliate_id","created_at","id");--> statement-breakpoint
CREATE INDEX "conversions_merchant_time_idx" ON "conversions" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "conversions_affiliate_time_idx" ON "conversions" USING btree ("merchant_id","affiliate_id","created_at","id");--> statement-breakpoint
CREATE INDEX "payouts_merchant_idx" ON "payouts" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "payouts_affiliate_idx" ON "payouts" USING btree ("merchant_id","affiliate_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_events_recent_idx" ON "webhook_events" USING btree ("merchant_id","provider","received_at","id");