-- The dashboards at city scale (ADR 011).
--
-- 1. Covering indexes for the figures' statements, so the planner reads narrow indexes instead of the wide
--    listings and matches tables. matches_started_idx keeps its name and key and gains the columns every
--    start-based figure reads (drizzle's schema declares the key; the INCLUDE list lives here).
CREATE INDEX "opportunities_kind_by_id_idx" ON "opportunities" USING btree ("id") INCLUDE ("kind");--> statement-breakpoint
DROP INDEX "matches_started_idx";--> statement-breakpoint
CREATE INDEX "matches_started_idx" ON "matches" USING btree ("started_on")
  INCLUDE ("opportunity_id", "candidate_id", "organisation_id", "status", "ended_on", "amount_vnd")
  WHERE "matches"."started_on" is not null;--> statement-breakpoint
CREATE INDEX "matches_person_started_idx" ON "matches" USING btree ("candidate_id", "started_on")
  WHERE "matches"."started_on" is not null;--> statement-breakpoint
CREATE INDEX "candidates_live_ward_status_idx" ON "candidates" USING btree ("ward_code", "status")
  WHERE "candidates"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "match_reports_latest_repayment_idx" ON "match_reports" USING btree ("match_id", "reported_at" DESC, "id" DESC)
  INCLUDE ("status") WHERE "match_reports"."kind" = 'repayment';--> statement-breakpoint
-- 2. A generation number that moves whenever anything the figures read changes, so computed dashboards can be
--    served again until then (app/modules/reports/dashboard-cache.server.ts). A sequence: no row lock, so
--    writers never queue behind each other for it. Statement-level triggers: one step per statement.
CREATE SEQUENCE "report_generation";--> statement-breakpoint
CREATE FUNCTION report_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('report_generation');
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "matches_report_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "matches"
  FOR EACH STATEMENT EXECUTE FUNCTION report_generation_bump();--> statement-breakpoint
CREATE TRIGGER "match_events_report_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "match_events"
  FOR EACH STATEMENT EXECUTE FUNCTION report_generation_bump();--> statement-breakpoint
CREATE TRIGGER "match_reports_report_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "match_reports"
  FOR EACH STATEMENT EXECUTE FUNCTION report_generation_bump();--> statement-breakpoint
CREATE TRIGGER "follow_ups_report_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "follow_ups"
  FOR EACH STATEMENT EXECUTE FUNCTION report_generation_bump();--> statement-breakpoint
CREATE TRIGGER "candidates_report_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "candidates"
  FOR EACH STATEMENT EXECUTE FUNCTION report_generation_bump();--> statement-breakpoint
CREATE TRIGGER "ward_targets_report_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ward_targets"
  FOR EACH STATEMENT EXECUTE FUNCTION report_generation_bump();--> statement-breakpoint
CREATE TRIGGER "organisations_report_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "organisations"
  FOR EACH STATEMENT EXECUTE FUNCTION report_generation_bump();--> statement-breakpoint
CREATE TRIGGER "opportunities_report_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "opportunities"
  FOR EACH STATEMENT EXECUTE FUNCTION report_generation_bump();
--> statement-breakpoint
-- 3. Intake dates by person, for the median days from intake to a first start without visiting the people.
CREATE INDEX "candidates_intake_by_id_idx" ON "candidates" USING btree ("id") INCLUDE ("created_at");
