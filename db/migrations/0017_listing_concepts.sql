ALTER TABLE "listings" ADD COLUMN "concepts" text[];--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "concept_terms" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_concepts_count" CHECK ("listings"."concepts" is null or cardinality("listings"."concepts") <= 20);--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_concept_terms_length" CHECK (char_length("listings"."concept_terms") <= 2000);--> statement-breakpoint
ALTER TABLE "listings" DROP COLUMN "search";--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (viertel_listing_tsv(language, title, description, concept_terms)) STORED;--> statement-breakpoint
CREATE INDEX "listings_search_idx" ON "listings" USING gin ("search") WITH (fastupdate=false);
