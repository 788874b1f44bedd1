-- AlterEnum
ALTER TYPE "RunStatus" ADD VALUE 'failed_to_start';

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "dispatchAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "dispatchError" TEXT,
ADD COLUMN     "nextDispatchAt" TIMESTAMP(3);
