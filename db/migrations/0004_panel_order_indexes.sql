-- Newest-first panel lists read in index order: ascending (created_at, id) indexes, which read
-- backwards serve `order by created_at desc, id desc`; a DESC index is NULLS LAST and does not.
-- The new indexes are built first under temporary names and the old ones dropped only at the
-- end, so the tables stay readable while the indexes build (DROP INDEX locks its table).
CREATE INDEX "commissions_merchant_time_idx" ON "commissions" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_log_merchant_idx_0004" ON "audit_log" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "commissions_merchant_status_idx_0004" ON "commissions" USING btree ("merchant_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "commissions_affiliate_idx_0004" ON "commissions" USING btree ("merchant_id","affiliate_id","created_at","id");--> statement-breakpoint
CREATE INDEX "conversions_merchant_time_idx_0004" ON "conversions" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "conversions_affiliate_time_idx_0004" ON "conversions" USING btree ("merchant_id","affiliate_id","created_at","id");--> statement-breakpoint
CREATE INDEX "payouts_merchant_idx_0004" ON "payouts" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "payouts_affiliate_idx_0004" ON "payouts" USING btree ("merchant_id","affiliate_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_events_recent_idx_0004" ON "webhook_events" USING btree ("merchant_id","provider","received_at","id");--> statement-breakpoint
DROP INDEX "audit_log_merchant_idx";--> statement-breakpoint
ALTER INDEX "audit_log_merchant_idx_0004" RENAME TO "audit_log_merchant_idx";--> statement-breakpoint
DROP INDEX "commissions_merchant_status_idx";--> statement-breakpoint
ALTER INDEX "commissions_merchant_status_idx_0004" RENAME TO "commissions_merchant_status_idx";--> statement-breakpoint
DROP INDEX "commissions_affiliate_idx";--> statement-breakpoint
ALTER INDEX "commissions_affiliate_idx_0004" RENAME TO "commissions_affiliate_idx";--> statement-breakpoint
DROP INDEX "conversions_merchant_time_idx";--> statement-breakpoint
ALTER INDEX "conversions_merchant_time_idx_0004" RENAME TO "conversions_merchant_time_idx";--> statement-breakpoint
DROP INDEX "conversions_affiliate_time_idx";--> statement-breakpoint
ALTER INDEX "conversions_affiliate_time_idx_0004" RENAME TO "conversions_affiliate_time_idx";--> statement-breakpoint
DROP INDEX "payouts_merchant_idx";--> statement-breakpoint
ALTER INDEX "payouts_merchant_idx_0004" RENAME TO "payouts_merchant_idx";--> statement-breakpoint
DROP INDEX "payouts_affiliate_idx";--> statement-breakpoint
ALTER INDEX "payouts_affiliate_idx_0004" RENAME TO "payouts_affiliate_idx";--> statement-breakpoint
DROP INDEX "webhook_events_recent_idx";--> statement-breakpoint
ALTER INDEX "webhook_events_recent_idx_0004" RENAME TO "webhook_events_recent_idx";
