-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "allowedInternalHosts" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "TriggerState" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "triggerKey" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "keyId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TriggerState_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TriggerState_keyId_idx" ON "TriggerState"("keyId");

-- CreateIndex
CREATE UNIQUE INDEX "TriggerState_workflowId_triggerKey_key_key" ON "TriggerState"("workflowId", "triggerKey", "key");

-- AddForeignKey
ALTER TABLE "TriggerState" ADD CONSTRAINT "TriggerState_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

