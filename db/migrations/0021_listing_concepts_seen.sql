ALTER TABLE "listings" ADD COLUMN "concepts_seen" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- Listings saved before this column: their concepts are taken as the author's decisions (kept); what the
-- recogniser finds beyond them is added by `npm run concepts:apply` (ADR 094).
UPDATE "listings" SET "concepts_seen" = "concepts" WHERE "concepts" IS NOT NULL;
