-- Schedule triggers: a schedule held by people, and events stored at most once per occurrence.
ALTER TABLE "Workflow" ADD COLUMN "schedulePaused" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Workflow" ADD COLUMN "scheduleSkips" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "Event" ADD COLUMN "dedupeKey" TEXT;

CREATE UNIQUE INDEX "Event_workflowId_dedupeKey_key" ON "Event"("workflowId", "dedupeKey");
