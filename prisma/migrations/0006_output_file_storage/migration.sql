-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutputFile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "executionId" TEXT NOT NULL,
    "taskRunId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "storageKey" TEXT,
    "content" BLOB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OutputFile_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "Execution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OutputFile" ("content", "createdAt", "executionId", "id", "name", "size", "taskId", "taskRunId") SELECT "content", "createdAt", "executionId", "id", "name", "size", "taskId", "taskRunId" FROM "OutputFile";
DROP TABLE "OutputFile";
ALTER TABLE "new_OutputFile" RENAME TO "OutputFile";
CREATE INDEX "OutputFile_executionId_idx" ON "OutputFile"("executionId");
CREATE UNIQUE INDEX "OutputFile_taskRunId_name_key" ON "OutputFile"("taskRunId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

