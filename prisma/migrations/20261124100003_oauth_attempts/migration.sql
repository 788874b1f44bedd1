-- CreateTable
CREATE TABLE "OAuthAttempt" (
    "nonce" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "verifier" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OAuthAttempt_pkey" PRIMARY KEY ("nonce")
);

-- CreateIndex
CREATE INDEX "OAuthAttempt_createdAt_idx" ON "OAuthAttempt"("createdAt");

-- AddForeignKey
ALTER TABLE "OAuthAttempt" ADD CONSTRAINT "OAuthAttempt_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

