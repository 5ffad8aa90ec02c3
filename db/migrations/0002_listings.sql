CREATE TYPE "public"."employment_type" AS ENUM('full_time', 'part_time', 'seasonal', 'apprenticeship');--> statement-breakpoint
CREATE TYPE "public"."loan_purpose" AS ENUM('training', 'production', 'self_employment');--> statement-breakpoint
CREATE TYPE "public"."opportunity_kind" AS ENUM('job', 'course', 'loan');--> statement-breakpoint
CREATE TYPE "public"."opportunity_status" AS ENUM('draft', 'open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."wage_period" AS ENUM('month', 'day', 'hour');--> statement-breakpoint
CREATE TABLE "course_details" (
	"opportunity_id" uuid PRIMARY KEY NOT NULL,
	"duration_weeks" integer NOT NULL,
	"schedule" text,
	"start_date" date,
	"cost_vnd" bigint DEFAULT 0 NOT NULL,
	"subsidy_vnd" bigint DEFAULT 0 NOT NULL,
	"certificate" text
);
--> statement-breakpoint
CREATE TABLE "job_details" (
	"opportunity_id" uuid PRIMARY KEY NOT NULL,
	"employment_type" "employment_type" NOT NULL,
	"wage_min" bigint,
	"wage_max" bigint,
	"wage_period" "wage_period" DEFAULT 'month' NOT NULL,
	"shift" text,
	"housing_provided" boolean DEFAULT false NOT NULL,
	"meals_provided" boolean DEFAULT false NOT NULL,
	"certificate_required" text
);
--> statement-breakpoint
CREATE TABLE "loan_details" (
	"opportunity_id" uuid PRIMARY KEY NOT NULL,
	"amount_min" bigint NOT NULL,
	"amount_max" bigint NOT NULL,
	"interest_rate" numeric(5, 2) NOT NULL,
	"term_months" integer NOT NULL,
	"grace_period_months" integer DEFAULT 0 NOT NULL,
	"collateral_required" boolean DEFAULT false NOT NULL,
	"guarantor_required" boolean DEFAULT false NOT NULL,
	"purposes" "loan_purpose"[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opportunities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" "opportunity_kind" NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"ward_code" text NOT NULL,
	"address" text,
	"status" "opportunity_status" DEFAULT 'draft' NOT NULL,
	"capacity" integer NOT NULL,
	"deadline" date,
	"required_skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"min_age" integer,
	"max_age" integer,
	"accepts_after_rehab" boolean DEFAULT true NOT NULL,
	"accepts_after_prison" boolean DEFAULT true NOT NULL,
	"eligibility_notes" text,
	"search_text" text DEFAULT '' NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "skills" (
	"code" text PRIMARY KEY NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"group_code" text NOT NULL,
	"search_text" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "course_details" ADD CONSTRAINT "course_details_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_details" ADD CONSTRAINT "job_details_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_details" ADD CONSTRAINT "loan_details_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_ward_code_wards_code_fk" FOREIGN KEY ("ward_code") REFERENCES "public"."wards"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opportunities_organisation_idx" ON "opportunities" USING btree ("organisation_id","status","created_at");--> statement-breakpoint
CREATE INDEX "opportunities_open_recent_idx" ON "opportunities" USING btree ("status","published_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "opportunities_open_deadline_idx" ON "opportunities" USING btree ("status","deadline","id");--> statement-breakpoint
CREATE INDEX "opportunities_ward_idx" ON "opportunities" USING btree ("ward_code","status");--> statement-breakpoint
CREATE INDEX "opportunities_search_idx" ON "opportunities" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "opportunities_skills_idx" ON "opportunities" USING gin ("required_skills");