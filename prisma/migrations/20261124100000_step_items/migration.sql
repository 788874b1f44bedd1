-- CreateTable
CREATE TABLE "StepItem" (
    "runId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "output" JSONB,
    "error" JSONB,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "durationMs" INTEGER,

    CONSTRAINT "StepItem_pkey" PRIMARY KEY ("runId","stepId","index")
);

-- AddForeignKey
ALTER TABLE "StepItem" ADD CONSTRAINT "StepItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

