-- CreateTable
CREATE TABLE "Trigger" (
    "id" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "triggerId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "nextDate" TIMESTAMP(3),
    "lastDate" TIMESTAMP(3),
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "enabledAt" TIMESTAMP(3),
    "scheduleKey" TEXT,
    "backfill" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Trigger_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Trigger_nextDate_idx" ON "Trigger"("nextDate");

-- CreateIndex
CREATE UNIQUE INDEX "Trigger_namespace_flowId_triggerId_key" ON "Trigger"("namespace", "flowId", "triggerId");

