CREATE TABLE "reporting_help_daily" (
	"centre_id" uuid NOT NULL,
	"day" date NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	"minutes" bigint DEFAULT 0 NOT NULL,
	"cents" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "reporting_help_daily_centre_id_day_pk" PRIMARY KEY("centre_id","day")
);
--> statement-breakpoint
ALTER TABLE "reporting_help_daily" ADD CONSTRAINT "reporting_help_daily_centre_id_centres_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."centres"("id") ON DELETE cascade ON UPDATE no action;