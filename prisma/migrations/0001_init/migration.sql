-- CreateTable
CREATE TABLE "Flow" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "namespace" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FlowRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "flowRef" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FlowRevision_flowRef_fkey" FOREIGN KEY ("flowRef") REFERENCES "Flow" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Execution" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "namespace" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "flowRevision" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "endedAt" DATETIME
);

-- CreateTable
CREATE TABLE "TaskRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "executionId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "taskType" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "exitCode" INTEGER,
    "error" TEXT,
    "containerId" TEXT,
    "outputs" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    CONSTRAINT "TaskRun_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "Execution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LogChunk" (
    "executionId" TEXT NOT NULL,
    "firstSeq" INTEGER NOT NULL,
    "lastSeq" INTEGER NOT NULL,
    "taskRunId" TEXT,
    "taskId" TEXT,
    "lines" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("executionId", "firstSeq"),
    CONSTRAINT "LogChunk_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "Execution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Flow_namespace_flowId_key" ON "Flow"("namespace", "flowId");

-- CreateIndex
CREATE UNIQUE INDEX "FlowRevision_flowRef_revision_key" ON "FlowRevision"("flowRef", "revision");

-- CreateIndex
CREATE INDEX "Execution_state_createdAt_idx" ON "Execution"("state", "createdAt");

-- CreateIndex
CREATE INDEX "Execution_namespace_flowId_createdAt_idx" ON "Execution"("namespace", "flowId", "createdAt");

-- CreateIndex
CREATE INDEX "TaskRun_executionId_position_idx" ON "TaskRun"("executionId", "position");

-- CreateIndex
CREATE INDEX "LogChunk_executionId_lastSeq_idx" ON "LogChunk"("executionId", "lastSeq");

