-- Events visible and replayable: how the sender was checked, the event a replay copies, and a body
-- removed by retention (its size kept), and refused deliveries counted per workflow and reason.
ALTER TABLE "Event" ADD COLUMN "verification" TEXT;
ALTER TABLE "Event" ADD COLUMN "replayOfId" TEXT;
ALTER TABLE "Event" ADD COLUMN "bodyDeletedAt" TIMESTAMP(3);
ALTER TABLE "Event" ADD COLUMN "bodyBytes" INTEGER;

-- Events stored before this column: their webhooks were taken without auth (auth arrives in this release).
UPDATE "Event" SET "verification" = 'none' WHERE "source" = 'webhook';

ALTER TABLE "Event" ADD CONSTRAINT "Event_replayOfId_fkey" FOREIGN KEY ("replayOfId") REFERENCES "Event"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE INDEX "Event_workspaceId_receivedAt_idx" ON "Event"("workspaceId", "receivedAt");
-- Retention's way in: only events that still have a body, so a sweep never walks past the rows
-- earlier sweeps cleared (its cost stays that of one batch however long the history).
CREATE INDEX "Event_receivedAt_with_body_idx" ON "Event"("receivedAt", "id") WHERE "bodyDeletedAt" IS NULL;
CREATE INDEX "Event_replayOfId_idx" ON "Event"("replayOfId");
-- An event's runs: the one it started, and its re-runs.
CREATE INDEX "Run_eventId_idx" ON "Run"("eventId");

CREATE TABLE "WebhookRefusal" (
    "workflowId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "count" BIGINT NOT NULL,
    "firstAt" TIMESTAMP(3) NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookRefusal_pkey" PRIMARY KEY ("workflowId","reason")
);

ALTER TABLE "WebhookRefusal" ADD CONSTRAINT "WebhookRefusal_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;
