ALTER TABLE "follow_ups" ADD COLUMN "match_id" uuid;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD COLUMN "day_mark" integer;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD COLUMN "on_track" boolean;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD COLUMN "problems" text;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD COLUMN "support_needed" text;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD COLUMN "reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD COLUMN "overdue_reminded_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "follow_ups_match_idx" ON "follow_ups" USING btree ("match_id");--> statement-breakpoint
CREATE INDEX "follow_ups_open_check_ins_idx" ON "follow_ups" USING btree ("due_date") WHERE "follow_ups"."done_at" is null and "follow_ups"."match_id" is not null;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE cascade ON UPDATE no action;
