DROP INDEX "clicks_fingerprint_idx";--> statement-breakpoint
CREATE INDEX "clicks_fingerprint_idx" ON "clicks" USING btree ("merchant_id","ip","affiliate_id","created_at");