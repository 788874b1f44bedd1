-- AlterTable
ALTER TABLE "Approval" ADD COLUMN     "deliveries" JSONB NOT NULL DEFAULT '{}';

