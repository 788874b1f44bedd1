-- AlterTable
ALTER TABLE "StepCacheEntry" ADD COLUMN     "connectionId" TEXT;

