CREATE TABLE "click_marks" (
	"merchant_id" text NOT NULL,
	"affiliate_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"prev_at" timestamp with time zone,
	CONSTRAINT "click_marks_merchant_id_affiliate_id_subject_pk" PRIMARY KEY("merchant_id","affiliate_id","subject")
);
--> statement-breakpoint
CREATE INDEX "click_marks_last_idx" ON "click_marks" USING btree ("last_at");--> statement-breakpoint
-- The marks of the clicks already stored within the longest repeat window (7 days), so that
-- the first click after this migration is judged as before.
INSERT INTO "click_marks" ("merchant_id", "affiliate_id", "subject", "last_at")
SELECT "merchant_id", "affiliate_id", 'v' || "visitor_id", max("created_at") FROM "clicks"
WHERE "created_at" > now() - interval '7 days' GROUP BY 1, 2, 3
UNION ALL
SELECT "merchant_id", "affiliate_id", 'i' || "ip", max("created_at") FROM "clicks"
WHERE "created_at" > now() - interval '7 days' AND "ip" IS NOT NULL AND "ip" <> 'unknown' GROUP BY 1, 2, 3
ON CONFLICT DO NOTHING;
