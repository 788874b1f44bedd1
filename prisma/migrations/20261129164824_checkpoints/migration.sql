-- CreateEnum
CREATE TYPE "ApprovalStatus" AS ENUM ('pending', 'approved', 'rejected', 'submitted', 'timed_out', 'cancelled');

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'approver';

-- AlterEnum
ALTER TYPE "StepStatus" ADD VALUE 'waiting';

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "startedById" TEXT;

-- CreateTable
CREATE TABLE "Approval" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "message" TEXT,
    "preview" JSONB NOT NULL,
    "editable" JSONB NOT NULL,
    "form" JSONB NOT NULL,
    "approvers" JSONB NOT NULL,
    "quorum" INTEGER NOT NULL,
    "allowSelfApproval" BOOLEAN NOT NULL,
    "status" "ApprovalStatus" NOT NULL DEFAULT 'pending',
    "onTimeout" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "notifiedAt" TIMESTAMP(3),
    "remindedAt" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),
    "slackMessage" JSONB,

    CONSTRAINT "Approval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApprovalDecision" (
    "id" TEXT NOT NULL,
    "approvalId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "actorName" TEXT,
    "decision" TEXT NOT NULL,
    "edits" JSONB,
    "values" JSONB,
    "comment" TEXT,
    "channel" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ApprovalDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Approval_workspaceId_status_createdAt_idx" ON "Approval"("workspaceId", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Approval_runId_stepId_key" ON "Approval"("runId", "stepId");

-- CreateIndex
CREATE UNIQUE INDEX "ApprovalDecision_approvalId_actor_key" ON "ApprovalDecision"("approvalId", "actor");

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_startedById_fkey" FOREIGN KEY ("startedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Approval" ADD CONSTRAINT "Approval_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Approval" ADD CONSTRAINT "Approval_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalDecision" ADD CONSTRAINT "ApprovalDecision_approvalId_fkey" FOREIGN KEY ("approvalId") REFERENCES "Approval"("id") ON DELETE CASCADE ON UPDATE CASCADE;

