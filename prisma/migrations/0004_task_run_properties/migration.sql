-- AlterTable
ALTER TABLE "TaskRun" ADD COLUMN "properties" TEXT;

