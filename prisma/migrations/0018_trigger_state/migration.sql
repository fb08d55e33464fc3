-- CreateTable
CREATE TABLE "Trigger" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "namespace" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "triggerId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "nextDate" DATETIME,
    "lastDate" DATETIME,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "enabledAt" DATETIME,
    "scheduleKey" TEXT,
    "backfill" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Trigger_nextDate_idx" ON "Trigger"("nextDate");

-- CreateIndex
CREATE UNIQUE INDEX "Trigger_namespace_flowId_triggerId_key" ON "Trigger"("namespace", "flowId", "triggerId");

