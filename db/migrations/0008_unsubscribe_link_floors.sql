CREATE TABLE "unsubscribe_link_floors" (
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"valid_after" timestamp with time zone NOT NULL,
	CONSTRAINT "unsubscribe_link_floors_user_id_kind_pk" PRIMARY KEY("user_id","kind"),
	CONSTRAINT "unsubscribe_link_floors_kind_length" CHECK (length("unsubscribe_link_floors"."kind") <= 64)
);
--> statement-breakpoint
ALTER TABLE "unsubscribe_link_floors" ADD CONSTRAINT "unsubscribe_link_floors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;