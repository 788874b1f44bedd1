-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "testMode" BOOLEAN NOT NULL DEFAULT false;

