-- AlterTable
ALTER TABLE "LogChunk" ADD COLUMN "rawStderr" INTEGER;
ALTER TABLE "LogChunk" ADD COLUMN "rawStdout" INTEGER;

