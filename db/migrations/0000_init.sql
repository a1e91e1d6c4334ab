CREATE TYPE "public"."initiative_kind" AS ENUM('enterprise', 'cooperative', 'association', 'project', 'other');--> statement-breakpoint
CREATE TYPE "public"."initiative_status" AS ENUM('applied', 'active', 'suspended', 'left', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."member_role" AS ENUM('owner', 'member');--> statement-breakpoint
CREATE TYPE "public"."moderation_mode" AS ENUM('pre', 'post');--> statement-breakpoint
CREATE TYPE "public"."compensation" AS ENUM('reciprocal', 'free', 'swap', 'paid');--> statement-breakpoint
CREATE TYPE "public"."listing_category" AS ENUM('room', 'tool', 'skill', 'loan', 'other');--> statement-breakpoint
CREATE TYPE "public"."listing_kind" AS ENUM('offer', 'need');--> statement-breakpoint
CREATE TYPE "public"."listing_status" AS ENUM('draft', 'pending', 'active', 'paused', 'closed', 'hidden');--> statement-breakpoint
CREATE TYPE "public"."visibility" AS ENUM('centre', 'network', 'public');--> statement-breakpoint
CREATE TYPE "public"."report_status" AS ENUM('open', 'resolved', 'dismissed');--> statement-breakpoint
CREATE TYPE "public"."report_subject_type" AS ENUM('listing', 'initiative', 'message');--> statement-breakpoint
CREATE TYPE "public"."exchange_side" AS ENUM('provider', 'receiver');--> statement-breakpoint
CREATE TYPE "public"."exchange_state" AS ENUM('proposed', 'accepted', 'declined', 'withdrawn', 'completed', 'confirmed', 'disputed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."notification_mode" AS ENUM('immediate', 'daily', 'weekly', 'never');--> statement-breakpoint
CREATE TYPE "public"."loan_guarantee_state" AS ENUM('asked', 'pledged');--> statement-breakpoint
CREATE TYPE "public"."loan_lender" AS ENUM('initiative', 'fund');--> statement-breakpoint
CREATE TYPE "public"."loan_state" AS ENUM('requested', 'approved', 'declined', 'disbursed', 'repaid', 'written_off');--> statement-breakpoint
CREATE TYPE "public"."loan_repayment_state" AS ENUM('logged', 'confirmed', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."booking_state" AS ENUM('requested', 'accepted', 'declined', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."ical_subject" AS ENUM('listing', 'initiative');--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"locale" text DEFAULT 'de' NOT NULL,
	"is_admin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"password_changed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "centre_staff" (
	"centre_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text DEFAULT 'manager' NOT NULL,
	"appointed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "centre_staff_centre_id_user_id_pk" PRIMARY KEY("centre_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "centres" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"city" text NOT NULL,
	"country" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"languages" text[] DEFAULT '{de}'::text[] NOT NULL,
	"moderation_mode" "moderation_mode" DEFAULT 'post' NOT NULL,
	"hour_value_cents" integer DEFAULT 2000 NOT NULL,
	"loan_limit_cents" integer DEFAULT 500000 NOT NULL,
	"time_zone" text DEFAULT 'Europe/Berlin' NOT NULL,
	"founding_year" integer,
	"legal_form" text,
	"funding_mix" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "centres_hour_value_positive" CHECK ("centres"."hour_value_cents" > 0 and "centres"."hour_value_cents" <= 100000),
	CONSTRAINT "centres_loan_limit_positive" CHECK ("centres"."loan_limit_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "initiative_members" (
	"initiative_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"centre_id" uuid NOT NULL,
	"role" "member_role" DEFAULT 'member' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "initiative_members_initiative_id_user_id_pk" PRIMARY KEY("initiative_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "initiatives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"kind" "initiative_kind" NOT NULL,
	"sector" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"website" text,
	"contact_email" text,
	"status" "initiative_status" DEFAULT 'applied' NOT NULL,
	"application_message" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_message" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_id" uuid NOT NULL,
	"initiative_id" uuid NOT NULL,
	"email" text NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"centre_id" uuid,
	"actor_id" uuid,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_id" uuid,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"html" text,
	"kind" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limits_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "listing_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"centre_id" uuid NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"thumbnail" "bytea",
	"size" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "listing_photos_size_limit" CHECK ("listing_photos"."size" > 0 and "listing_photos"."size" <= 5242880),
	CONSTRAINT "listing_photos_position_range" CHECK ("listing_photos"."position" between 0 and 3)
);
--> statement-breakpoint
CREATE TABLE "listings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_id" uuid NOT NULL,
	"initiative_id" uuid NOT NULL,
	"created_by" uuid,
	"kind" "listing_kind" NOT NULL,
	"category" "listing_category" NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"language" text DEFAULT 'de' NOT NULL,
	"details" jsonb NOT NULL,
	"compensation" "compensation" DEFAULT 'reciprocal' NOT NULL,
	"price_cents" integer,
	"available_from" date,
	"available_until" date,
	"visibility" "visibility" DEFAULT 'centre' NOT NULL,
	"status" "listing_status" DEFAULT 'draft' NOT NULL,
	"bookable" boolean DEFAULT false NOT NULL,
	"moderation_reason" text,
	"search" "tsvector" GENERATED ALWAYS AS (viertel_listing_tsv(language, title, description)) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "listings_language_known" CHECK ("listings"."language" in ('de', 'en', 'fr', 'nl')),
	CONSTRAINT "listings_price_positive" CHECK ("listings"."price_cents" is null or ("listings"."price_cents" > 0 and "listings"."price_cents" <= 100000000)),
	CONSTRAINT "listings_details_category" CHECK ("listings"."details"->>'category' = "listings"."category"::text),
	CONSTRAINT "listings_price_when_paid" CHECK (("listings"."compensation" = 'paid') = ("listings"."price_cents" is not null)),
	CONSTRAINT "listings_hidden_has_reason" CHECK ("listings"."status" <> 'hidden' or "listings"."moderation_reason" is not null),
	CONSTRAINT "listings_title_length" CHECK (char_length("listings"."title") between 1 and 120),
	CONSTRAINT "listings_window_ordered" CHECK ("listings"."available_from" is null or "listings"."available_until" is null or "listings"."available_from" <= "listings"."available_until")
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_id" uuid NOT NULL,
	"reporter_id" uuid,
	"subject_type" "report_subject_type" NOT NULL,
	"subject_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"status" "report_status" DEFAULT 'open' NOT NULL,
	"resolution_note" text,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reports_reason_length" CHECK (char_length("reports"."reason") between 1 and 2000),
	CONSTRAINT "reports_resolution_consistent" CHECK (("reports"."status" = 'open') = ("reports"."resolved_at" is null))
);
--> statement-breakpoint
CREATE TABLE "exchange_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"exchange_id" uuid NOT NULL,
	"centre_id" uuid NOT NULL,
	"actor_id" uuid,
	"from_state" "exchange_state",
	"to_state" "exchange_state" NOT NULL,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"exchange_id" uuid NOT NULL,
	"centre_id" uuid NOT NULL,
	"author_id" uuid,
	"author_initiative_id" uuid NOT NULL,
	"body" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_messages_body_length" CHECK (length("exchange_messages"."body") between 1 and 4000)
);
--> statement-breakpoint
CREATE TABLE "exchanges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_id" uuid NOT NULL,
	"listing_id" uuid,
	"provider_initiative_id" uuid NOT NULL,
	"receiver_initiative_id" uuid NOT NULL,
	"proposer_side" "exchange_side" NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"proposed_minutes" integer,
	"proposed_value_cents" integer,
	"actual_minutes" integer,
	"actual_value_cents" integer,
	"date" date,
	"state" "exchange_state" NOT NULL,
	"decline_reason" text,
	"cancel_reason" text,
	"dispute_reason" text,
	"resolution_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	CONSTRAINT "exchanges_two_sides" CHECK ("exchanges"."provider_initiative_id" <> "exchanges"."receiver_initiative_id"),
	CONSTRAINT "exchanges_proposed_minutes" CHECK ("exchanges"."proposed_minutes" is null or ("exchanges"."proposed_minutes" > 0 and "exchanges"."proposed_minutes" <= 60000)),
	CONSTRAINT "exchanges_proposed_cents" CHECK ("exchanges"."proposed_value_cents" is null or ("exchanges"."proposed_value_cents" > 0 and "exchanges"."proposed_value_cents" <= 10000000)),
	CONSTRAINT "exchanges_actual_minutes" CHECK ("exchanges"."actual_minutes" is null or ("exchanges"."actual_minutes" > 0 and "exchanges"."actual_minutes" <= 60000)),
	CONSTRAINT "exchanges_actual_cents" CHECK ("exchanges"."actual_value_cents" is null or ("exchanges"."actual_value_cents" > 0 and "exchanges"."actual_value_cents" <= 10000000)),
	CONSTRAINT "exchanges_something_proposed" CHECK ("exchanges"."proposed_minutes" is not null or "exchanges"."proposed_value_cents" is not null),
	CONSTRAINT "exchanges_done_has_figures" CHECK ("exchanges"."state" not in ('completed', 'confirmed', 'disputed') or "exchanges"."actual_minutes" is not null or "exchanges"."actual_value_cents" is not null)
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"transaction_id" uuid NOT NULL,
	"centre_id" uuid NOT NULL,
	"account_type" text NOT NULL,
	"account_id" uuid NOT NULL,
	"unit" text NOT NULL,
	"amount" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "ledger_entries_account_type" CHECK ("ledger_entries"."account_type" in ('initiative', 'fund')),
	CONSTRAINT "ledger_entries_unit" CHECK ("ledger_entries"."unit" in ('minutes', 'cents')),
	CONSTRAINT "ledger_entries_amount" CHECK ("ledger_entries"."amount" <> 0 and abs("ledger_entries"."amount") <= 1000000000000)
);
--> statement-breakpoint
CREATE TABLE "ledger_transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"exchange_id" uuid,
	"reverses_id" uuid,
	"reason" text,
	"created_by" uuid,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_transactions_kind_format" CHECK ("ledger_transactions"."kind" ~ '^[a-z][a-z_]{1,39}$'),
	CONSTRAINT "ledger_transactions_exchange_kind" CHECK (("ledger_transactions"."kind" = 'exchange') = ("ledger_transactions"."exchange_id" is not null)),
	CONSTRAINT "ledger_transactions_correction_reason" CHECK ("ledger_transactions"."kind" <> 'correction' or length("ledger_transactions"."reason") > 0)
);
--> statement-breakpoint
CREATE TABLE "match_dismissals" (
	"initiative_id" uuid NOT NULL,
	"listing_id" uuid NOT NULL,
	"other_listing_id" uuid NOT NULL,
	"centre_id" uuid NOT NULL,
	"dismissed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "match_dismissals_listing_id_other_listing_id_initiative_id_pk" PRIMARY KEY("listing_id","other_listing_id","initiative_id")
);
--> statement-breakpoint
CREATE TABLE "notification_digests" (
	"user_id" uuid NOT NULL,
	"period" text NOT NULL,
	"last_sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notification_digests_user_id_period_pk" PRIMARY KEY("user_id","period")
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"mode" "notification_mode" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_user_id_kind_pk" PRIMARY KEY("user_id","kind")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"centre_id" uuid,
	"kind" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"delivery" "notification_mode" DEFAULT 'immediate' NOT NULL,
	"emailed_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "saved_searches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"centre_id" uuid NOT NULL,
	"words" text DEFAULT '' NOT NULL,
	"kind" "listing_kind",
	"category" "listing_category",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saved_searches_words_length" CHECK (length("saved_searches"."words") <= 200)
);
--> statement-breakpoint
CREATE TABLE "fund_contributions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_id" uuid NOT NULL,
	"initiative_id" uuid NOT NULL,
	"amount_cents" integer NOT NULL,
	"received_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"ledger_transaction_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fund_contributions_amount_range" CHECK ("fund_contributions"."amount_cents" > 0 and "fund_contributions"."amount_cents" <= 100000000),
	CONSTRAINT "fund_contributions_note_length" CHECK (char_length("fund_contributions"."note") <= 1000)
);
--> statement-breakpoint
CREATE TABLE "loan_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"loan_id" uuid NOT NULL,
	"centre_id" uuid NOT NULL,
	"actor_id" uuid,
	"kind" text NOT NULL,
	"from_state" "loan_state",
	"to_state" "loan_state",
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loan_guarantees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"loan_id" uuid NOT NULL,
	"centre_id" uuid NOT NULL,
	"guarantor_initiative_id" uuid NOT NULL,
	"state" "loan_guarantee_state" DEFAULT 'asked' NOT NULL,
	"amount_cents" integer,
	"note" text DEFAULT '' NOT NULL,
	"asked_by" uuid,
	"pledged_by" uuid,
	"pledged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loan_guarantees_amount_range" CHECK ("loan_guarantees"."amount_cents" is null or ("loan_guarantees"."amount_cents" > 0 and "loan_guarantees"."amount_cents" <= 10000000)),
	CONSTRAINT "loan_guarantees_pledged_amount" CHECK (("loan_guarantees"."state" = 'pledged') = ("loan_guarantees"."amount_cents" is not null)),
	CONSTRAINT "loan_guarantees_note_length" CHECK (char_length("loan_guarantees"."note") <= 1000)
);
--> statement-breakpoint
CREATE TABLE "loan_instalments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"loan_id" uuid NOT NULL,
	"centre_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"due_date" date NOT NULL,
	"amount_cents" integer NOT NULL,
	CONSTRAINT "loan_instalments_number_range" CHECK ("loan_instalments"."number" between 1 and 60),
	CONSTRAINT "loan_instalments_amount_range" CHECK ("loan_instalments"."amount_cents" > 0 and "loan_instalments"."amount_cents" <= 10000000)
);
--> statement-breakpoint
CREATE TABLE "loan_repayments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"loan_id" uuid NOT NULL,
	"centre_id" uuid NOT NULL,
	"amount_cents" integer NOT NULL,
	"paid_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"state" "loan_repayment_state" DEFAULT 'logged' NOT NULL,
	"logged_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"reject_reason" text,
	"ledger_transaction_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loan_repayments_amount_range" CHECK ("loan_repayments"."amount_cents" > 0 and "loan_repayments"."amount_cents" <= 10000000),
	CONSTRAINT "loan_repayments_note_length" CHECK (char_length("loan_repayments"."note") <= 1000),
	CONSTRAINT "loan_repayments_decided" CHECK (("loan_repayments"."state" = 'logged') = ("loan_repayments"."decided_at" is null)),
	CONSTRAINT "loan_repayments_confirmed_in_ledger" CHECK (("loan_repayments"."state" = 'confirmed') = ("loan_repayments"."ledger_transaction_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "loans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_id" uuid NOT NULL,
	"lender_kind" "loan_lender" NOT NULL,
	"lender_initiative_id" uuid,
	"borrower_initiative_id" uuid NOT NULL,
	"listing_id" uuid,
	"purpose" text NOT NULL,
	"principal_cents" integer NOT NULL,
	"interest_basis_points" integer DEFAULT 0 NOT NULL,
	"term_months" integer NOT NULL,
	"start_date" date NOT NULL,
	"total_cents" integer,
	"repaid_cents" integer DEFAULT 0 NOT NULL,
	"state" "loan_state" DEFAULT 'requested' NOT NULL,
	"requested_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decline_reason" text,
	"disbursed_by" uuid,
	"disbursed_at" timestamp with time zone,
	"disbursement_transaction_id" uuid,
	"repaid_at" timestamp with time zone,
	"written_off_by" uuid,
	"written_off_at" timestamp with time zone,
	"write_off_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loans_lender_consistent" CHECK (("loans"."lender_kind" = 'fund') = ("loans"."lender_initiative_id" is null)),
	CONSTRAINT "loans_two_sides" CHECK ("loans"."lender_initiative_id" is null or "loans"."lender_initiative_id" <> "loans"."borrower_initiative_id"),
	CONSTRAINT "loans_principal_range" CHECK ("loans"."principal_cents" > 0 and "loans"."principal_cents" <= 10000000),
	CONSTRAINT "loans_interest_range" CHECK ("loans"."interest_basis_points" between 0 and 2000),
	CONSTRAINT "loans_term_range" CHECK ("loans"."term_months" between 1 and 60),
	CONSTRAINT "loans_total_range" CHECK ("loans"."total_cents" is null or ("loans"."total_cents" >= "loans"."principal_cents" and "loans"."total_cents" <= 20000000)),
	CONSTRAINT "loans_repaid_range" CHECK ("loans"."repaid_cents" >= 0 and "loans"."repaid_cents" <= coalesce("loans"."total_cents", 0)),
	CONSTRAINT "loans_purpose_length" CHECK (char_length("loans"."purpose") between 1 and 2000),
	CONSTRAINT "loans_planned_when_approved" CHECK ("loans"."state" in ('requested', 'declined') or "loans"."total_cents" is not null),
	CONSTRAINT "loans_disbursed_has_transaction" CHECK ("loans"."state" not in ('disbursed', 'repaid', 'written_off') or "loans"."disbursement_transaction_id" is not null),
	CONSTRAINT "loans_repaid_in_full" CHECK ("loans"."state" <> 'repaid' or "loans"."repaid_cents" = "loans"."total_cents"),
	CONSTRAINT "loans_written_off_reason" CHECK ("loans"."state" <> 'written_off' or char_length("loans"."write_off_reason") > 0)
);
--> statement-breakpoint
CREATE TABLE "bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_id" uuid NOT NULL,
	"listing_id" uuid NOT NULL,
	"owner_initiative_id" uuid NOT NULL,
	"requester_initiative_id" uuid NOT NULL,
	"exchange_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"purpose" text NOT NULL,
	"state" "booking_state" DEFAULT 'requested' NOT NULL,
	"requested_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decline_reason" text,
	"cancelled_by" uuid,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookings_ordered" CHECK ("bookings"."ends_at" > "bookings"."starts_at"),
	CONSTRAINT "bookings_at_most_31_days" CHECK ("bookings"."ends_at" - "bookings"."starts_at" <= interval '31 days'),
	CONSTRAINT "bookings_purpose_length" CHECK (char_length("bookings"."purpose") between 1 and 500),
	CONSTRAINT "bookings_two_sides" CHECK ("bookings"."owner_initiative_id" <> "bookings"."requester_initiative_id")
);
--> statement-breakpoint
CREATE TABLE "ical_feeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_id" uuid NOT NULL,
	"subject_type" "ical_subject" NOT NULL,
	"subject_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "initiative_suspensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_id" uuid NOT NULL,
	"initiative_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"suspended_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reinstated_by" uuid,
	"reinstated_at" timestamp with time zone,
	"reinstate_reason" text,
	CONSTRAINT "initiative_suspensions_reason_length" CHECK (char_length("initiative_suspensions"."reason") between 3 and 1000),
	CONSTRAINT "initiative_suspensions_reinstated_reason" CHECK (("initiative_suspensions"."reinstated_at" is null) = ("initiative_suspensions"."reinstate_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "report_texts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_id" uuid NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"body" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_texts_body_length" CHECK (char_length("report_texts"."body") <= 4000),
	CONSTRAINT "report_texts_period_order" CHECK ("report_texts"."period_from" < "report_texts"."period_to")
);
--> statement-breakpoint
CREATE TABLE "reporting_help" (
	"transaction_id" uuid PRIMARY KEY NOT NULL,
	"centre_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"provider_id" uuid NOT NULL,
	"receiver_id" uuid NOT NULL,
	"minutes" bigint DEFAULT 0 NOT NULL,
	"cents" bigint DEFAULT 0 NOT NULL,
	"reversed" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting_help_monthly" (
	"centre_id" uuid NOT NULL,
	"month" date NOT NULL,
	"initiative_id" uuid NOT NULL,
	"given_n" bigint DEFAULT 0 NOT NULL,
	"given_minutes" bigint DEFAULT 0 NOT NULL,
	"given_cents" bigint DEFAULT 0 NOT NULL,
	"received_n" bigint DEFAULT 0 NOT NULL,
	"received_minutes" bigint DEFAULT 0 NOT NULL,
	"received_cents" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "reporting_help_monthly_centre_id_month_initiative_id_pk" PRIMARY KEY("centre_id","month","initiative_id")
);
--> statement-breakpoint
CREATE TABLE "suspended_listings" (
	"suspension_id" uuid NOT NULL,
	"listing_id" uuid NOT NULL,
	"centre_id" uuid NOT NULL,
	"previous_status" "listing_status" NOT NULL,
	"previous_moderation_reason" text,
	CONSTRAINT "suspended_listings_suspension_id_listing_id_pk" PRIMARY KEY("suspension_id","listing_id")
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "centre_staff" ADD CONSTRAINT "centre_staff_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "centre_staff" ADD CONSTRAINT "centre_staff_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "centre_staff" ADD CONSTRAINT "centre_staff_appointed_by_users_id_fk" FOREIGN KEY ("appointed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_members" ADD CONSTRAINT "initiative_members_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_members" ADD CONSTRAINT "initiative_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_members" ADD CONSTRAINT "initiative_members_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiatives" ADD CONSTRAINT "initiatives_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiatives" ADD CONSTRAINT "initiatives_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiatives" ADD CONSTRAINT "initiatives_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listing_photos" ADD CONSTRAINT "listing_photos_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listing_photos" ADD CONSTRAINT "listing_photos_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_events" ADD CONSTRAINT "exchange_events_exchange_id_exchanges_id_fk" FOREIGN KEY ("exchange_id") REFERENCES "public"."exchanges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_events" ADD CONSTRAINT "exchange_events_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_events" ADD CONSTRAINT "exchange_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_messages" ADD CONSTRAINT "exchange_messages_exchange_id_exchanges_id_fk" FOREIGN KEY ("exchange_id") REFERENCES "public"."exchanges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_messages" ADD CONSTRAINT "exchange_messages_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_messages" ADD CONSTRAINT "exchange_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_messages" ADD CONSTRAINT "exchange_messages_author_initiative_id_initiatives_id_fk" FOREIGN KEY ("author_initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchanges" ADD CONSTRAINT "exchanges_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchanges" ADD CONSTRAINT "exchanges_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchanges" ADD CONSTRAINT "exchanges_provider_initiative_id_initiatives_id_fk" FOREIGN KEY ("provider_initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchanges" ADD CONSTRAINT "exchanges_receiver_initiative_id_initiatives_id_fk" FOREIGN KEY ("receiver_initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchanges" ADD CONSTRAINT "exchanges_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_transaction_id_ledger_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."ledger_transactions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_exchange_id_exchanges_id_fk" FOREIGN KEY ("exchange_id") REFERENCES "public"."exchanges"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_reverses_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."ledger_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_dismissals" ADD CONSTRAINT "match_dismissals_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_dismissals" ADD CONSTRAINT "match_dismissals_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_dismissals" ADD CONSTRAINT "match_dismissals_other_listing_id_listings_id_fk" FOREIGN KEY ("other_listing_id") REFERENCES "public"."listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_dismissals" ADD CONSTRAINT "match_dismissals_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_dismissals" ADD CONSTRAINT "match_dismissals_dismissed_by_users_id_fk" FOREIGN KEY ("dismissed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_digests" ADD CONSTRAINT "notification_digests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_contributions" ADD CONSTRAINT "fund_contributions_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_contributions" ADD CONSTRAINT "fund_contributions_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_contributions" ADD CONSTRAINT "fund_contributions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_events" ADD CONSTRAINT "loan_events_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_events" ADD CONSTRAINT "loan_events_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_events" ADD CONSTRAINT "loan_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_guarantees" ADD CONSTRAINT "loan_guarantees_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_guarantees" ADD CONSTRAINT "loan_guarantees_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_guarantees" ADD CONSTRAINT "loan_guarantees_guarantor_initiative_id_initiatives_id_fk" FOREIGN KEY ("guarantor_initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_guarantees" ADD CONSTRAINT "loan_guarantees_asked_by_users_id_fk" FOREIGN KEY ("asked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_guarantees" ADD CONSTRAINT "loan_guarantees_pledged_by_users_id_fk" FOREIGN KEY ("pledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_instalments" ADD CONSTRAINT "loan_instalments_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_instalments" ADD CONSTRAINT "loan_instalments_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_repayments" ADD CONSTRAINT "loan_repayments_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_repayments" ADD CONSTRAINT "loan_repayments_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_repayments" ADD CONSTRAINT "loan_repayments_logged_by_users_id_fk" FOREIGN KEY ("logged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_repayments" ADD CONSTRAINT "loan_repayments_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_lender_initiative_id_initiatives_id_fk" FOREIGN KEY ("lender_initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_borrower_initiative_id_initiatives_id_fk" FOREIGN KEY ("borrower_initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_disbursed_by_users_id_fk" FOREIGN KEY ("disbursed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_written_off_by_users_id_fk" FOREIGN KEY ("written_off_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_owner_initiative_id_initiatives_id_fk" FOREIGN KEY ("owner_initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_requester_initiative_id_initiatives_id_fk" FOREIGN KEY ("requester_initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_exchange_id_exchanges_id_fk" FOREIGN KEY ("exchange_id") REFERENCES "public"."exchanges"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_cancelled_by_users_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ical_feeds" ADD CONSTRAINT "ical_feeds_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ical_feeds" ADD CONSTRAINT "ical_feeds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_suspensions" ADD CONSTRAINT "initiative_suspensions_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_suspensions" ADD CONSTRAINT "initiative_suspensions_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_suspensions" ADD CONSTRAINT "initiative_suspensions_suspended_by_users_id_fk" FOREIGN KEY ("suspended_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_suspensions" ADD CONSTRAINT "initiative_suspensions_reinstated_by_users_id_fk" FOREIGN KEY ("reinstated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_texts" ADD CONSTRAINT "report_texts_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_texts" ADD CONSTRAINT "report_texts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_help" ADD CONSTRAINT "reporting_help_transaction_id_ledger_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."ledger_transactions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_help" ADD CONSTRAINT "reporting_help_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_help_monthly" ADD CONSTRAINT "reporting_help_monthly_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspended_listings" ADD CONSTRAINT "suspended_listings_suspension_id_initiative_suspensions_id_fk" FOREIGN KEY ("suspension_id") REFERENCES "public"."initiative_suspensions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspended_listings" ADD CONSTRAINT "suspended_listings_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspended_listings" ADD CONSTRAINT "suspended_listings_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "centre_staff_user_idx" ON "centre_staff" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "centres_slug_key" ON "centres" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "initiative_members_user_idx" ON "initiative_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "initiative_members_centre_idx" ON "initiative_members" USING btree ("centre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "initiatives_centre_slug_key" ON "initiatives" USING btree ("centre_id","slug");--> statement-breakpoint
CREATE INDEX "initiatives_centre_status_idx" ON "initiatives" USING btree ("centre_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_key" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "invitations_initiative_idx" ON "invitations" USING btree ("initiative_id");--> statement-breakpoint
CREATE INDEX "audit_log_centre_time_idx" ON "audit_log" USING btree ("centre_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_log_subject_idx" ON "audit_log" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "email_outbox_due_idx" ON "email_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "listing_photos_listing_position_key" ON "listing_photos" USING btree ("listing_id","position");--> statement-breakpoint
CREATE INDEX "listings_search_idx" ON "listings" USING gin ("search") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "listings_title_trgm_idx" ON "listings" USING gin ("title" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "listings_centre_status_idx" ON "listings" USING btree ("centre_id","status","created_at");--> statement-breakpoint
CREATE INDEX "listings_initiative_idx" ON "listings" USING btree ("initiative_id","status");--> statement-breakpoint
CREATE INDEX "listings_visibility_idx" ON "listings" USING btree ("visibility","status","category");--> statement-breakpoint
CREATE INDEX "listings_active_recent_idx" ON "listings" USING btree ("created_at","id") WHERE "listings"."status" = 'active';--> statement-breakpoint
CREATE INDEX "reports_centre_status_idx" ON "reports" USING btree ("centre_id","status","created_at");--> statement-breakpoint
CREATE INDEX "reports_subject_idx" ON "reports" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_open_once_key" ON "reports" USING btree ("reporter_id","subject_type","subject_id") WHERE "reports"."status" = 'open';--> statement-breakpoint
CREATE INDEX "exchange_events_exchange_idx" ON "exchange_events" USING btree ("exchange_id","id");--> statement-breakpoint
CREATE INDEX "exchange_messages_exchange_idx" ON "exchange_messages" USING btree ("exchange_id","at");--> statement-breakpoint
CREATE INDEX "exchanges_centre_state_idx" ON "exchanges" USING btree ("centre_id","state","updated_at");--> statement-breakpoint
CREATE INDEX "exchanges_provider_idx" ON "exchanges" USING btree ("provider_initiative_id","state");--> statement-breakpoint
CREATE INDEX "exchanges_receiver_idx" ON "exchanges" USING btree ("receiver_initiative_id","state");--> statement-breakpoint
CREATE INDEX "exchanges_listing_idx" ON "exchanges" USING btree ("listing_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_account_idx" ON "ledger_entries" USING btree ("account_type","account_id","unit","at");--> statement-breakpoint
CREATE INDEX "ledger_entries_transaction_idx" ON "ledger_entries" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_centre_idx" ON "ledger_entries" USING btree ("centre_id","unit");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transactions_one_per_exchange" ON "ledger_transactions" USING btree ("exchange_id") WHERE "ledger_transactions"."kind" = 'exchange';--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transactions_reversed_once" ON "ledger_transactions" USING btree ("reverses_id") WHERE "ledger_transactions"."reverses_id" is not null;--> statement-breakpoint
CREATE INDEX "ledger_transactions_centre_time_idx" ON "ledger_transactions" USING btree ("centre_id","occurred_at");--> statement-breakpoint
CREATE INDEX "match_dismissals_initiative_idx" ON "match_dismissals" USING btree ("initiative_id");--> statement-breakpoint
CREATE INDEX "notifications_user_time_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "notifications_digest_idx" ON "notifications" USING btree ("delivery","user_id") WHERE "notifications"."emailed_at" is null;--> statement-breakpoint
CREATE INDEX "saved_searches_centre_idx" ON "saved_searches" USING btree ("centre_id");--> statement-breakpoint
CREATE INDEX "saved_searches_user_idx" ON "saved_searches" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "fund_contributions_centre_idx" ON "fund_contributions" USING btree ("centre_id","received_on");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_contributions_ledger_once" ON "fund_contributions" USING btree ("ledger_transaction_id");--> statement-breakpoint
CREATE INDEX "loan_events_loan_idx" ON "loan_events" USING btree ("loan_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "loan_guarantees_once_key" ON "loan_guarantees" USING btree ("loan_id","guarantor_initiative_id");--> statement-breakpoint
CREATE INDEX "loan_guarantees_guarantor_idx" ON "loan_guarantees" USING btree ("guarantor_initiative_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loan_instalments_loan_number_key" ON "loan_instalments" USING btree ("loan_id","number");--> statement-breakpoint
CREATE INDEX "loan_instalments_due_idx" ON "loan_instalments" USING btree ("centre_id","due_date");--> statement-breakpoint
CREATE INDEX "loan_repayments_loan_idx" ON "loan_repayments" USING btree ("loan_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "loan_repayments_ledger_once" ON "loan_repayments" USING btree ("ledger_transaction_id");--> statement-breakpoint
CREATE INDEX "loans_centre_state_idx" ON "loans" USING btree ("centre_id","state");--> statement-breakpoint
CREATE INDEX "loans_lender_idx" ON "loans" USING btree ("lender_initiative_id");--> statement-breakpoint
CREATE INDEX "loans_borrower_idx" ON "loans" USING btree ("borrower_initiative_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loans_disbursement_once" ON "loans" USING btree ("disbursement_transaction_id");--> statement-breakpoint
CREATE INDEX "bookings_listing_time_idx" ON "bookings" USING btree ("listing_id","starts_at");--> statement-breakpoint
CREATE INDEX "bookings_requester_idx" ON "bookings" USING btree ("requester_initiative_id","starts_at");--> statement-breakpoint
CREATE INDEX "bookings_owner_idx" ON "bookings" USING btree ("owner_initiative_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ical_feeds_token_key" ON "ical_feeds" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "ical_feeds_one_live_key" ON "ical_feeds" USING btree ("subject_type","subject_id") WHERE "ical_feeds"."revoked_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "initiative_suspensions_open_key" ON "initiative_suspensions" USING btree ("initiative_id") WHERE "initiative_suspensions"."reinstated_at" is null;--> statement-breakpoint
CREATE INDEX "initiative_suspensions_centre_idx" ON "initiative_suspensions" USING btree ("centre_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "report_texts_period_key" ON "report_texts" USING btree ("centre_id","period_from","period_to");