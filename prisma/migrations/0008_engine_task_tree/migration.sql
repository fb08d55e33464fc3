-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "outputs" TEXT;

-- AlterTable
ALTER TABLE "TaskRun" ADD COLUMN "iteration" INTEGER;
ALTER TABLE "TaskRun" ADD COLUMN "parentTaskRunId" TEXT;
ALTER TABLE "TaskRun" ADD COLUMN "value" TEXT;

