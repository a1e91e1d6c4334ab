CREATE TABLE "reporting_exchange_monthly" (
	"centre_id" uuid NOT NULL,
	"month" date NOT NULL,
	"state" "exchange_state" NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "reporting_exchange_monthly_centre_id_month_state_pk" PRIMARY KEY("centre_id","month","state")
);
--> statement-breakpoint
ALTER TABLE "reporting_exchange_monthly" ADD CONSTRAINT "reporting_exchange_monthly_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;