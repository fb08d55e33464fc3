-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "triggerId" TEXT;
ALTER TABLE "Execution" ADD COLUMN "triggerType" TEXT;

