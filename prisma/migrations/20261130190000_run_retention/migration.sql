-- Run retention deletes ended runs oldest first, through this index.
CREATE INDEX "Run_endedAt_id_idx" ON "Run"("endedAt", "id");
-- A deleted run's re-runs and alerts are unlinked (ON DELETE SET NULL), found through these.
CREATE INDEX "Run_rerunOfId_idx" ON "Run"("rerunOfId");
CREATE INDEX "Alert_runId_idx" ON "Alert"("runId");
-- Then the events no run is left of, oldest first, through this one.
CREATE INDEX "Event_receivedAt_id_idx" ON "Event"("receivedAt", "id");
