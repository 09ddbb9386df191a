-- AlterTable
ALTER TABLE "ProvisioningEvent" ADD COLUMN     "dedupeKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "ProvisioningEvent_shopId_dedupeKey_key" ON "ProvisioningEvent"("shopId", "dedupeKey");

