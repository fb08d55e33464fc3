-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "heartbeatAt" DATETIME;
ALTER TABLE "Execution" ADD COLUMN "ownerId" TEXT;

