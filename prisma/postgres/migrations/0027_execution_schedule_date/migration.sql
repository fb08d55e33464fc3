-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "scheduledFor" TIMESTAMP(3);
