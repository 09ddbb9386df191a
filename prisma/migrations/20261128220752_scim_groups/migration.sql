-- CreateTable
CREATE TABLE "ScimGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "displayNameKey" TEXT NOT NULL,
    "externalId" TEXT,
    "tag" TEXT NOT NULL,
    "tagKey" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ScimGroup_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScimGroupMember" (
    "groupId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("groupId", "userId"),
    CONSTRAINT "ScimGroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "ScimGroup" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScimGroupMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "ScimUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ScimGroup_shopId_externalId_idx" ON "ScimGroup"("shopId", "externalId");

-- CreateIndex
CREATE INDEX "ScimGroup_shopId_createdAt_id_idx" ON "ScimGroup"("shopId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ScimGroup_shopId_displayNameKey_key" ON "ScimGroup"("shopId", "displayNameKey");

-- CreateIndex
CREATE UNIQUE INDEX "ScimGroup_shopId_tagKey_key" ON "ScimGroup"("shopId", "tagKey");

-- CreateIndex
CREATE INDEX "ScimGroupMember_userId_groupId_idx" ON "ScimGroupMember"("userId", "groupId");

