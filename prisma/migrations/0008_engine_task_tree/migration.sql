-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "outputs" TEXT;
ALTER TABLE "Execution" ADD COLUMN "replayOf" TEXT;
ALTER TABLE "Execution" ADD COLUMN "trigger" TEXT;
ALTER TABLE "Execution" ADD COLUMN "labels" TEXT;

-- AlterTable
ALTER TABLE "TaskRun" ADD COLUMN "iteration" INTEGER;
ALTER TABLE "TaskRun" ADD COLUMN "parentTaskRunId" TEXT;
ALTER TABLE "TaskRun" ADD COLUMN "value" TEXT;
ALTER TABLE "TaskRun" ADD COLUMN "workerId" TEXT;
ALTER TABLE "TaskRun" ADD COLUMN "heartbeatAt" DATETIME;

