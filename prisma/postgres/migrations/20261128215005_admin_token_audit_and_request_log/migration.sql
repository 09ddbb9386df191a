-- CreateTable
CREATE TABLE "TokenAuditEvent" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "tokenId" TEXT,
    "tokenPrefix" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TokenAuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScimRequestLog" (
    "shopId" TEXT NOT NULL,
    "requests" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScimRequestLog_pkey" PRIMARY KEY ("shopId")
);

-- CreateIndex
CREATE INDEX "TokenAuditEvent_shopId_createdAt_idx" ON "TokenAuditEvent"("shopId", "createdAt");

-- AddForeignKey
ALTER TABLE "TokenAuditEvent" ADD CONSTRAINT "TokenAuditEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScimRequestLog" ADD CONSTRAINT "ScimRequestLog_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

