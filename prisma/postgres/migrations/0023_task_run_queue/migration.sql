-- AlterTable
ALTER TABLE "TaskRun" ADD COLUMN     "engine" TEXT,
ADD COLUMN     "queue" TEXT,
ADD COLUMN     "stopReason" TEXT;

-- CreateIndex
CREATE INDEX "TaskRun_queue_state_idx" ON "TaskRun"("queue", "state");

