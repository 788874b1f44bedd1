-- AlterTable
ALTER TABLE "StepRun" ADD COLUMN     "incremental" JSONB,
ADD COLUMN     "originRunId" TEXT,
ADD COLUMN     "savedCalls" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "savedMs" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "StepItem" ADD COLUMN     "originRunId" TEXT;

-- CreateTable
CREATE TABLE "StepCacheEntry" (
    "workflowId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "output" JSONB NOT NULL,
    "runId" TEXT NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3) NOT NULL,
    "hits" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "StepCacheEntry_pkey" PRIMARY KEY ("workflowId","stepId","key")
);

-- CreateTable
CREATE TABLE "IncrementalItem" (
    "workflowId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "definitionHash" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "output" JSONB,
    "runId" TEXT NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IncrementalItem_pkey" PRIMARY KEY ("workflowId","stepId","key")
);

-- CreateIndex
CREATE INDEX "StepCacheEntry_workflowId_stepId_usedAt_idx" ON "StepCacheEntry"("workflowId", "stepId", "usedAt");

-- CreateIndex
CREATE INDEX "StepCacheEntry_expiresAt_idx" ON "StepCacheEntry"("expiresAt");

-- CreateIndex
CREATE INDEX "Run_workflowId_createdAt_idx" ON "Run"("workflowId", "createdAt");

-- AddForeignKey
ALTER TABLE "StepCacheEntry" ADD CONSTRAINT "StepCacheEntry_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncrementalItem" ADD CONSTRAINT "IncrementalItem_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

