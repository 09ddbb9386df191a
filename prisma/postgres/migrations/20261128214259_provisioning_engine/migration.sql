-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "attributeMapping" JSONB,
ADD COLUMN     "deactivationPolicy" TEXT NOT NULL DEFAULT 'mark',
ADD COLUMN     "deletePolicy" TEXT NOT NULL DEFAULT 'mark',
ADD COLUMN     "deletedCustomerPolicy" TEXT NOT NULL DEFAULT 'recreate',
ADD COLUMN     "deliveryParkedAt" TIMESTAMP(3),
ADD COLUMN     "deliveryParkedReason" TEXT,
ADD COLUMN     "groupTagPrefix" TEXT NOT NULL DEFAULT 'group:',
ADD COLUMN     "lastReconcileSummary" JSONB,
ADD COLUMN     "lastReconciledAt" TIMESTAMP(3),
ADD COLUMN     "metafieldDefinitionsVersion" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "ProvisioningEvent" ADD COLUMN     "action" TEXT,
ADD COLUMN     "coalescedInto" TEXT,
ADD COLUMN     "customerId" TEXT,
ADD COLUMN     "history" JSONB,
ADD COLUMN     "outcome" TEXT,
ADD COLUMN     "warnings" JSONB;

-- AlterTable
ALTER TABLE "ScimUser" ADD COLUMN     "syncedVersion" INTEGER;

-- CreateIndex
CREATE INDEX "ProvisioningEvent_key_state_idx" ON "ProvisioningEvent"("key", "state");

-- CreateIndex
CREATE INDEX "ProvisioningEvent_shopId_state_runAt_idx" ON "ProvisioningEvent"("shopId", "state", "runAt");

