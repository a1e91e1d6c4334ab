CREATE TABLE "vocabulary_concepts" (
	"key" text PRIMARY KEY NOT NULL,
	"category" text NOT NULL,
	"broader" text,
	"centre_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vocabulary_concepts_key" CHECK ("vocabulary_concepts"."key" ~ '^[a-z0-9][a-z0-9-]{0,59}$'),
	CONSTRAINT "vocabulary_concepts_category" CHECK ("vocabulary_concepts"."category" in ('room', 'tool', 'skill', 'loan', 'other'))
);
--> statement-breakpoint
CREATE TABLE "vocabulary_labels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"concept_key" text NOT NULL,
	"language" text NOT NULL,
	"label" text NOT NULL,
	"folded" text NOT NULL,
	"centre_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vocabulary_labels_language" CHECK ("vocabulary_labels"."language" in ('de', 'en', 'fr', 'nl')),
	CONSTRAINT "vocabulary_labels_label_length" CHECK (char_length("vocabulary_labels"."label") between 2 and 60)
);
--> statement-breakpoint
CREATE TABLE "vocabulary_revision" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "vocabulary_revision_one_row" CHECK ("vocabulary_revision"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "vocabulary_concepts" ADD CONSTRAINT "vocabulary_concepts_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vocabulary_concepts" ADD CONSTRAINT "vocabulary_concepts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vocabulary_labels" ADD CONSTRAINT "vocabulary_labels_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vocabulary_labels" ADD CONSTRAINT "vocabulary_labels_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "vocabulary_labels_language_folded_idx" ON "vocabulary_labels" USING btree ("language","folded");