-- CreateTable
CREATE TABLE "Worker" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "engine" TEXT NOT NULL,
    "workerGroup" TEXT,
    "capacity" INTEGER NOT NULL,
    "running" INTEGER NOT NULL,
    "version" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "heartbeatAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Worker_heartbeatAt_idx" ON "Worker"("heartbeatAt");

