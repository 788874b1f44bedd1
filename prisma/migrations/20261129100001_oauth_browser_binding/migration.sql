-- Pending authorizations live ten minutes and cannot be completed without the new columns.
DELETE FROM "OAuthAttempt";

-- AlterTable
ALTER TABLE "OAuthAttempt" ADD COLUMN     "bindingHash" TEXT,
ADD COLUMN     "connector" TEXT NOT NULL,
ADD COLUMN     "name" TEXT NOT NULL,
ADD COLUMN     "tokenId" TEXT NOT NULL;

-- AddForeignKey
ALTER TABLE "OAuthAttempt" ADD CONSTRAINT "OAuthAttempt_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;
