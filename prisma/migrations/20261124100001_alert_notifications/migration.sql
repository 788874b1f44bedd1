-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "alertEmails" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "notifiedAt" TIMESTAMP(3);

