-- AlterTable
ALTER TABLE "TaskRun" ADD COLUMN     "cpuSeconds" DOUBLE PRECISION,
ADD COLUMN     "memoryPeakBytes" DOUBLE PRECISION;

