-- CreateTable
CREATE TABLE "Worker" (
    "name" TEXT NOT NULL,
    "engine" TEXT NOT NULL,
    "workerGroup" TEXT,
    "capacity" INTEGER NOT NULL,
    "running" INTEGER NOT NULL,
    "version" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "heartbeatAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Worker_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "Worker_heartbeatAt_idx" ON "Worker"("heartbeatAt");

