CREATE TABLE "centre_financing_sources" (
	"centre_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "centre_financing_sources_centre_id_year_kind_pk" PRIMARY KEY("centre_id","year","kind"),
	CONSTRAINT "centre_financing_sources_kind" CHECK ("centre_financing_sources"."kind" in ('ownRevenue', 'rents', 'municipalGrants', 'stateGrants', 'euProgrammes', 'foundations', 'membershipFees', 'donations', 'other')),
	CONSTRAINT "centre_financing_sources_amount_range" CHECK ("centre_financing_sources"."amount_cents" between 0 and 10000000000),
	CONSTRAINT "centre_financing_sources_note_length" CHECK (char_length("centre_financing_sources"."note") <= 300)
);
--> statement-breakpoint
CREATE TABLE "centre_financing_years" (
	"centre_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"public_amounts" boolean DEFAULT false NOT NULL,
	"unpaid_hours" integer DEFAULT 0 NOT NULL,
	"unpaid_hour_rate_cents" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "centre_financing_years_centre_id_year_pk" PRIMARY KEY("centre_id","year"),
	CONSTRAINT "centre_financing_years_year_range" CHECK ("centre_financing_years"."year" between 1950 and 2100),
	CONSTRAINT "centre_financing_years_unpaid_hours_range" CHECK ("centre_financing_years"."unpaid_hours" between 0 and 1000000),
	CONSTRAINT "centre_financing_years_rate_range" CHECK ("centre_financing_years"."unpaid_hour_rate_cents" between 0 and 100000)
);
--> statement-breakpoint
ALTER TABLE "centre_financing_sources" ADD CONSTRAINT "centre_financing_sources_year_fk" FOREIGN KEY ("centre_id","year") REFERENCES "public"."centre_financing_years"("centre_id","year") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "centre_financing_years" ADD CONSTRAINT "centre_financing_years_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "centre_financing_years" ADD CONSTRAINT "centre_financing_years_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;