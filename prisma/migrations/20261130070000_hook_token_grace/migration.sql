-- A rotated webhook URL keeps working for a grace period: the replaced token's hash, and until when.
ALTER TABLE "Workflow" ADD COLUMN "previousHookTokenHash" TEXT;
ALTER TABLE "Workflow" ADD COLUMN "previousHookTokenUntil" TIMESTAMP(3);

CREATE UNIQUE INDEX "Workflow_previousHookTokenHash_key" ON "Workflow"("previousHookTokenHash");
