-- Events visible and replayable: how the sender was checked, the event a replay copies, and a body
-- removed by retention (its size kept), and refused deliveries counted per workflow and reason.
ALTER TABLE "Event" ADD COLUMN "verification" TEXT;
ALTER TABLE "Event" ADD COLUMN "replayOfId" TEXT;
ALTER TABLE "Event" ADD COLUMN "bodyDeletedAt" TIMESTAMP(3);
ALTER TABLE "Event" ADD COLUMN "bodyBytes" INTEGER;

-- Webhooks had no auth before this: every one so far was taken unverified.
UPDATE "Event" SET "verification" = 'none' WHERE "source" = 'webhook';

ALTER TABLE "Event" ADD CONSTRAINT "Event_replayOfId_fkey" FOREIGN KEY ("replayOfId") REFERENCES "Event"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE INDEX "Event_workspaceId_receivedAt_idx" ON "Event"("workspaceId", "receivedAt");
CREATE INDEX "Event_receivedAt_idx" ON "Event"("receivedAt");
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
