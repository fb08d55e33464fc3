-- AlterTable
ALTER TABLE "TaskRun" ADD COLUMN "engine" TEXT;
ALTER TABLE "TaskRun" ADD COLUMN "queue" TEXT;
ALTER TABLE "TaskRun" ADD COLUMN "stopReason" TEXT;

-- CreateIndex
CREATE INDEX "TaskRun_queue_state_idx" ON "TaskRun"("queue", "state");

