ALTER TABLE "invitations" ALTER COLUMN "initiative_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "kind" text DEFAULT 'initiative' NOT NULL;--> statement-breakpoint
CREATE INDEX "invitations_centre_manager_idx" ON "invitations" USING btree ("centre_id") WHERE "invitations"."kind" = 'manager';--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_kind" CHECK ("invitations"."kind" in ('initiative', 'manager'));--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_kind_target" CHECK (("invitations"."kind" = 'initiative') = ("invitations"."initiative_id" is not null));