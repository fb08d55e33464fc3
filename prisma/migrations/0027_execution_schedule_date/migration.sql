-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "scheduledFor" DATETIME;
