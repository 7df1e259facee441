ALTER TABLE "merchants" ADD COLUMN "payout_minimum" integer DEFAULT 5000 NOT NULL;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "payout_schedule" text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "payout_day" integer;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "payout_methods" text[] DEFAULT '{paypal,bank_transfer}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "onboarding_dismissed_at" timestamp with time zone;