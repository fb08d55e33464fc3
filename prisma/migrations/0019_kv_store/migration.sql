-- CreateTable
CREATE TABLE "KvEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "namespace" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "KvEntry_expiresAt_idx" ON "KvEntry"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "KvEntry_namespace_key_key" ON "KvEntry"("namespace", "key");

