-- AlterTable
ALTER TABLE "ProvisioningEvent" ADD COLUMN "action" TEXT;
ALTER TABLE "ProvisioningEvent" ADD COLUMN "coalescedInto" TEXT;
ALTER TABLE "ProvisioningEvent" ADD COLUMN "customerId" TEXT;
ALTER TABLE "ProvisioningEvent" ADD COLUMN "history" JSONB;
ALTER TABLE "ProvisioningEvent" ADD COLUMN "outcome" TEXT;
ALTER TABLE "ProvisioningEvent" ADD COLUMN "warnings" JSONB;

-- AlterTable
ALTER TABLE "ScimUser" ADD COLUMN "syncedVersion" INTEGER;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shop" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "scimEnabled" BOOLEAN NOT NULL DEFAULT false,
    "allowCustomerCreation" BOOLEAN NOT NULL DEFAULT true,
    "deactivationPolicy" TEXT NOT NULL DEFAULT 'mark',
    "deletePolicy" TEXT NOT NULL DEFAULT 'mark',
    "deletedCustomerPolicy" TEXT NOT NULL DEFAULT 'recreate',
    "groupTagPrefix" TEXT NOT NULL DEFAULT 'group:',
    "attributeMapping" JSONB,
    "metafieldDefinitionsVersion" INTEGER NOT NULL DEFAULT 0,
    "deliveryParkedAt" DATETIME,
    "deliveryParkedReason" TEXT,
    "lastReconciledAt" DATETIME,
    "lastReconcileSummary" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("allowCustomerCreation", "createdAt", "id", "installedAt", "scimEnabled", "shopDomain", "uninstalledAt", "updatedAt") SELECT "allowCustomerCreation", "createdAt", "id", "installedAt", "scimEnabled", "shopDomain", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE UNIQUE INDEX "Shop_shopDomain_key" ON "Shop"("shopDomain");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ProvisioningEvent_key_state_idx" ON "ProvisioningEvent"("key", "state");

-- CreateIndex
CREATE INDEX "ProvisioningEvent_shopId_state_runAt_idx" ON "ProvisioningEvent"("shopId", "state", "runAt");

