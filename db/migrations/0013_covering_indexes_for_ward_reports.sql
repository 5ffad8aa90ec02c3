-- Dashboards without sequential scans (ADR 011, issue 7's query check). drizzle's schema declares the keys;
-- the INCLUDE lists live here.
-- The city's funnel: a year of events, counted from the index alone.
CREATE INDEX "match_events_time_cover_idx" ON "match_events" USING btree ("created_at") INCLUDE ("from_status", "to_status");--> statement-breakpoint
-- A ward's funnel: its people's matches' events, from the index alone (same key as before, wider leaves).
DROP INDEX "match_events_match_idx";--> statement-breakpoint
CREATE INDEX "match_events_match_idx" ON "match_events" USING btree ("match_id", "created_at") INCLUDE ("from_status", "to_status");--> statement-breakpoint
-- A ward's or a caseload's figures: each person's matches with what the figures read.
CREATE INDEX "matches_person_cover_idx" ON "matches" USING btree ("candidate_id")
  INCLUDE ("id", "opportunity_id", "organisation_id", "status", "approved_at", "started_on", "ended_on", "amount_vnd");
