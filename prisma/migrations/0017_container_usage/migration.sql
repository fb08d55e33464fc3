-- AlterTable
ALTER TABLE "TaskRun" ADD COLUMN "cpuSeconds" REAL;
ALTER TABLE "TaskRun" ADD COLUMN "memoryPeakBytes" REAL;

