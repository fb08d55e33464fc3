-- CreateTable
CREATE TABLE "TriggerWindow" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "namespace" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "triggerId" TEXT NOT NULL,
    "conditionId" TEXT NOT NULL,
    "start" DATETIME NOT NULL,
    "end" DATETIME NOT NULL,
    "results" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "TriggerWindow_namespace_flowId_triggerId_conditionId_key" ON "TriggerWindow"("namespace", "flowId", "triggerId", "conditionId");

