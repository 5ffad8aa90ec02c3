CREATE TYPE "public"."match_report_kind" AS ENUM('attendance', 'retention', 'repayment');--> statement-breakpoint
CREATE TYPE "public"."match_report_status" AS ENUM('attending', 'irregular', 'employed', 'on_time', 'late', 'restructured', 'repaid', 'default');--> statement-breakpoint
CREATE TYPE "public"."target_metric" AS ENUM('placed_in_work', 'courses_completed', 'loans_disbursed');--> statement-breakpoint
CREATE TABLE "match_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"match_id" uuid NOT NULL,
	"kind" "match_report_kind" NOT NULL,
	"status" "match_report_status" NOT NULL,
	"late_days" integer,
	"note" text,
	"reported_by_id" uuid,
	"reported_by_role" "user_role",
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "match_reports_late_days" CHECK ("match_reports"."late_days" is null or "match_reports"."late_days" between 1 and 3650)
);
--> statement-breakpoint
CREATE TABLE "ward_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ward_code" text NOT NULL,
	"year" integer NOT NULL,
	"metric" "target_metric" NOT NULL,
	"target" integer NOT NULL,
	"set_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ward_targets_target" CHECK ("ward_targets"."target" between 0 and 100000),
	CONSTRAINT "ward_targets_year" CHECK ("ward_targets"."year" between 2020 and 2100)
);
--> statement-breakpoint
ALTER TABLE "match_reports" ADD CONSTRAINT "match_reports_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_reports" ADD CONSTRAINT "match_reports_reported_by_id_users_id_fk" FOREIGN KEY ("reported_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ward_targets" ADD CONSTRAINT "ward_targets_ward_code_wards_code_fk" FOREIGN KEY ("ward_code") REFERENCES "public"."wards"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ward_targets" ADD CONSTRAINT "ward_targets_set_by_id_users_id_fk" FOREIGN KEY ("set_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "match_reports_match_idx" ON "match_reports" USING btree ("match_id","reported_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ward_targets_key" ON "ward_targets" USING btree ("ward_code","year","metric");--> statement-breakpoint
CREATE INDEX "matches_started_idx" ON "matches" USING btree ("started_on") WHERE "matches"."started_on" is not null;