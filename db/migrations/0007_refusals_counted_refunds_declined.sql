ALTER TABLE "refunds" ADD COLUMN "declined" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "repeats" integer DEFAULT 1 NOT NULL;