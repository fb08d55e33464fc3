-- AlterTable
ALTER TABLE "Execution" ADD COLUMN     "heartbeatAt" TIMESTAMP(3),
ADD COLUMN     "ownerId" TEXT;

