-- CreateTable
CREATE TABLE "ScimUser" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "userName" TEXT NOT NULL,
    "userNameKey" TEXT NOT NULL,
    "externalId" TEXT,
    "displayName" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "attributes" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "customerId" TEXT,
    "syncState" TEXT NOT NULL DEFAULT 'pending',
    "lastSyncedAt" DATETIME,
    "lastError" TEXT,
    CONSTRAINT "ScimUser_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScimUserEmail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "valueKey" TEXT NOT NULL,
    CONSTRAINT "ScimUserEmail_userId_fkey" FOREIGN KEY ("userId") REFERENCES "ScimUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ScimUser_shopId_externalId_idx" ON "ScimUser"("shopId", "externalId");

-- CreateIndex
CREATE INDEX "ScimUser_shopId_createdAt_id_idx" ON "ScimUser"("shopId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "ScimUser_shopId_customerId_idx" ON "ScimUser"("shopId", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "ScimUser_shopId_userNameKey_key" ON "ScimUser"("shopId", "userNameKey");

-- CreateIndex
CREATE INDEX "ScimUserEmail_shopId_valueKey_idx" ON "ScimUserEmail"("shopId", "valueKey");

-- CreateIndex
CREATE INDEX "ScimUserEmail_userId_idx" ON "ScimUserEmail"("userId");

