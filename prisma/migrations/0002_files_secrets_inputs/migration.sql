-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "inputs" TEXT;

-- CreateTable
CREATE TABLE "OutputFile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "executionId" TEXT NOT NULL,
    "taskRunId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "content" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OutputFile_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "Execution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Secret" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ciphertext" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_TaskRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "executionId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "taskType" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "exitCode" INTEGER,
    "error" TEXT,
    "containerId" TEXT,
    "outputs" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    CONSTRAINT "TaskRun_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "Execution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_TaskRun" ("containerId", "createdAt", "endedAt", "error", "executionId", "exitCode", "id", "outputs", "position", "startedAt", "state", "taskId", "taskType") SELECT "containerId", "createdAt", "endedAt", "error", "executionId", "exitCode", "id", "outputs", "position", "startedAt", "state", "taskId", "taskType" FROM "TaskRun";
DROP TABLE "TaskRun";
ALTER TABLE "new_TaskRun" RENAME TO "TaskRun";
CREATE INDEX "TaskRun_executionId_position_idx" ON "TaskRun"("executionId", "position");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "OutputFile_executionId_idx" ON "OutputFile"("executionId");

-- CreateIndex
CREATE UNIQUE INDEX "OutputFile_taskRunId_name_key" ON "OutputFile"("taskRunId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Secret_namespace_name_key" ON "Secret"("namespace", "name");

