-- CreateTable
CREATE TABLE "TriggerWindow" (
    "id" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "triggerId" TEXT NOT NULL,
    "conditionId" TEXT NOT NULL,
    "start" TIMESTAMP(3) NOT NULL,
    "end" TIMESTAMP(3) NOT NULL,
    "results" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TriggerWindow_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TriggerWindow_namespace_flowId_triggerId_conditionId_key" ON "TriggerWindow"("namespace", "flowId", "triggerId", "conditionId");

