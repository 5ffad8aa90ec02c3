CREATE TYPE "public"."match_origin" AS ENUM('referral', 'interest');--> statement-breakpoint
CREATE TYPE "public"."match_status" AS ENUM('interest', 'approved', 'rejected', 'accepted', 'declined', 'started', 'completed', 'ended', 'withdrawn');--> statement-breakpoint
CREATE TABLE "match_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"match_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_status" "match_status",
	"to_status" "match_status" NOT NULL,
	"actor_id" uuid,
	"actor_role" "user_role",
	"reason_code" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "matches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"candidate_id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"status" "match_status" NOT NULL,
	"origin" "match_origin" NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"message" text,
	"reason_code" text,
	"next_step_at" timestamp with time zone,
	"next_step_note" text,
	"started_on" date,
	"amount_vnd" bigint,
	"certificate_number" text,
	"ended_on" date,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "seats_taken" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "match_events" ADD CONSTRAINT "match_events_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_events" ADD CONSTRAINT "match_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "match_events_match_idx" ON "match_events" USING btree ("match_id","created_at");--> statement-breakpoint
CREATE INDEX "match_events_status_time_idx" ON "match_events" USING btree ("to_status","created_at");--> statement-breakpoint
CREATE INDEX "matches_candidate_idx" ON "matches" USING btree ("candidate_id","created_at");--> statement-breakpoint
CREATE INDEX "matches_opportunity_idx" ON "matches" USING btree ("opportunity_id","status");--> statement-breakpoint
CREATE INDEX "matches_organisation_idx" ON "matches" USING btree ("organisation_id","status","updated_at","id");--> statement-breakpoint
CREATE INDEX "matches_status_idx" ON "matches" USING btree ("status","approved_at");--> statement-breakpoint
CREATE UNIQUE INDEX "matches_one_open_per_pair" ON "matches" USING btree ("candidate_id","opportunity_id") WHERE "matches"."status" in ('interest', 'approved', 'accepted', 'started');--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_seats_within_capacity" CHECK ("opportunities"."seats_taken" between 0 and "opportunities"."capacity");