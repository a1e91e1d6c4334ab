CREATE TYPE "public"."exchange_actor_role" AS ENUM('provider', 'receiver', 'manager');--> statement-breakpoint
CREATE TYPE "public"."loan_actor_role" AS ENUM('borrower', 'lender', 'manager', 'guarantor');--> statement-breakpoint
ALTER TABLE "centres" ADD COLUMN "exchange_cap_minutes" integer DEFAULT 2400 NOT NULL;--> statement-breakpoint
ALTER TABLE "centres" ADD COLUMN "exchange_cap_cents" integer DEFAULT 200000 NOT NULL;--> statement-breakpoint
ALTER TABLE "exchange_events" ADD COLUMN "acted_as" "exchange_actor_role";--> statement-breakpoint
ALTER TABLE "exchanges" ADD COLUMN "approval_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "loan_events" ADD COLUMN "acted_as" "loan_actor_role";--> statement-breakpoint
ALTER TABLE "centres" ADD CONSTRAINT "centres_exchange_cap_minutes_range" CHECK ("centres"."exchange_cap_minutes" between 60 and 60000);--> statement-breakpoint
ALTER TABLE "centres" ADD CONSTRAINT "centres_exchange_cap_cents_range" CHECK ("centres"."exchange_cap_cents" between 100 and 10000000);--> statement-breakpoint
ALTER TABLE "exchanges" ADD CONSTRAINT "exchanges_approval_while_completed" CHECK ("exchanges"."approval_requested_at" is null or "exchanges"."state" in ('completed', 'confirmed', 'cancelled'));