-- CreateTable
CREATE TABLE "WorkingDirectoryHost" (
    "taskRunId" TEXT NOT NULL PRIMARY KEY,
    "workerId" TEXT NOT NULL,
    "collected" INTEGER NOT NULL DEFAULT 0,
    "outputFiles" TEXT,
    CONSTRAINT "WorkingDirectoryHost_taskRunId_fkey" FOREIGN KEY ("taskRunId") REFERENCES "TaskRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RunTotal" (
    "kind" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "taskType" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "le" TEXT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    "durationSum" REAL NOT NULL DEFAULT 0,

    PRIMARY KEY ("kind", "namespace", "flowId", "taskType", "state", "le")
);


-- The totals are kept by triggers, in the statement that ends a run (moveTaskRun, moveExecution, a
-- bulk kill alike): an end counts once, whichever process writes it. Durations in seconds; a
-- DateTime is ISO text as Prisma writes it here (or epoch milliseconds, as older rows may hold).

CREATE TRIGGER "RunTotal_taskRun_ended" AFTER UPDATE OF "state" ON "TaskRun"
FOR EACH ROW WHEN NEW."state" IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED') AND OLD."state" NOT IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED')
BEGIN
  INSERT INTO "RunTotal" ("kind", "namespace", "flowId", "taskType", "state", "le", "count", "durationSum")
  SELECT 'taskRun', e."namespace", e."flowId", NEW."taskType", NEW."state", CASE WHEN x."d" IS NULL THEN 'none' WHEN x."d" <= 0.1 THEN '0.1' WHEN x."d" <= 0.5 THEN '0.5' WHEN x."d" <= 1 THEN '1' WHEN x."d" <= 5 THEN '5' WHEN x."d" <= 10 THEN '10' WHEN x."d" <= 30 THEN '30' WHEN x."d" <= 60 THEN '60' WHEN x."d" <= 300 THEN '300' WHEN x."d" <= 1800 THEN '1800' WHEN x."d" <= 3600 THEN '3600' ELSE '+Inf' END, 1, COALESCE(x."d", 0)
  FROM (SELECT CASE WHEN NEW."startedAt" IS NULL OR NEW."endedAt" IS NULL THEN NULL ELSE round(max(0.0, (CASE typeof(NEW."endedAt") WHEN 'integer' THEN NEW."endedAt" / 1000.0 ELSE (julianday(NEW."endedAt") - 2440587.5) * 86400.0 END) - (CASE typeof(NEW."startedAt") WHEN 'integer' THEN NEW."startedAt" / 1000.0 ELSE (julianday(NEW."startedAt") - 2440587.5) * 86400.0 END)), 3) END AS "d") AS x, "Execution" e WHERE e."id" = NEW."executionId"
  ON CONFLICT ("kind", "namespace", "flowId", "taskType", "state", "le") DO UPDATE SET "count" = "RunTotal"."count" + excluded."count", "durationSum" = "RunTotal"."durationSum" + excluded."durationSum";
END;

CREATE TRIGGER "RunTotal_taskRun_inserted_ended" AFTER INSERT ON "TaskRun"
FOR EACH ROW WHEN NEW."state" IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED')
BEGIN
  INSERT INTO "RunTotal" ("kind", "namespace", "flowId", "taskType", "state", "le", "count", "durationSum")
  SELECT 'taskRun', e."namespace", e."flowId", NEW."taskType", NEW."state", CASE WHEN x."d" IS NULL THEN 'none' WHEN x."d" <= 0.1 THEN '0.1' WHEN x."d" <= 0.5 THEN '0.5' WHEN x."d" <= 1 THEN '1' WHEN x."d" <= 5 THEN '5' WHEN x."d" <= 10 THEN '10' WHEN x."d" <= 30 THEN '30' WHEN x."d" <= 60 THEN '60' WHEN x."d" <= 300 THEN '300' WHEN x."d" <= 1800 THEN '1800' WHEN x."d" <= 3600 THEN '3600' ELSE '+Inf' END, 1, COALESCE(x."d", 0)
  FROM (SELECT CASE WHEN NEW."startedAt" IS NULL OR NEW."endedAt" IS NULL THEN NULL ELSE round(max(0.0, (CASE typeof(NEW."endedAt") WHEN 'integer' THEN NEW."endedAt" / 1000.0 ELSE (julianday(NEW."endedAt") - 2440587.5) * 86400.0 END) - (CASE typeof(NEW."startedAt") WHEN 'integer' THEN NEW."startedAt" / 1000.0 ELSE (julianday(NEW."startedAt") - 2440587.5) * 86400.0 END)), 3) END AS "d") AS x, "Execution" e WHERE e."id" = NEW."executionId"
  ON CONFLICT ("kind", "namespace", "flowId", "taskType", "state", "le") DO UPDATE SET "count" = "RunTotal"."count" + excluded."count", "durationSum" = "RunTotal"."durationSum" + excluded."durationSum";
END;

CREATE TRIGGER "RunTotal_execution_ended" AFTER UPDATE OF "state" ON "Execution"
FOR EACH ROW WHEN NEW."state" IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED') AND OLD."state" NOT IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED')
BEGIN
  INSERT INTO "RunTotal" ("kind", "namespace", "flowId", "taskType", "state", "le", "count", "durationSum")
  SELECT 'execution', NEW."namespace", NEW."flowId", '', NEW."state", CASE WHEN x."d" IS NULL THEN 'none' WHEN x."d" <= 0.1 THEN '0.1' WHEN x."d" <= 0.5 THEN '0.5' WHEN x."d" <= 1 THEN '1' WHEN x."d" <= 5 THEN '5' WHEN x."d" <= 10 THEN '10' WHEN x."d" <= 30 THEN '30' WHEN x."d" <= 60 THEN '60' WHEN x."d" <= 300 THEN '300' WHEN x."d" <= 1800 THEN '1800' WHEN x."d" <= 3600 THEN '3600' ELSE '+Inf' END, 1, COALESCE(x."d", 0)
  FROM (SELECT CASE WHEN NEW."startedAt" IS NULL OR NEW."endedAt" IS NULL THEN NULL ELSE round(max(0.0, (CASE typeof(NEW."endedAt") WHEN 'integer' THEN NEW."endedAt" / 1000.0 ELSE (julianday(NEW."endedAt") - 2440587.5) * 86400.0 END) - (CASE typeof(NEW."startedAt") WHEN 'integer' THEN NEW."startedAt" / 1000.0 ELSE (julianday(NEW."startedAt") - 2440587.5) * 86400.0 END)), 3) END AS "d") AS x WHERE true
  ON CONFLICT ("kind", "namespace", "flowId", "taskType", "state", "le") DO UPDATE SET "count" = "RunTotal"."count" + excluded."count", "durationSum" = "RunTotal"."durationSum" + excluded."durationSum";
END;

CREATE TRIGGER "RunTotal_execution_inserted_ended" AFTER INSERT ON "Execution"
FOR EACH ROW WHEN NEW."state" IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED')
BEGIN
  INSERT INTO "RunTotal" ("kind", "namespace", "flowId", "taskType", "state", "le", "count", "durationSum")
  SELECT 'execution', NEW."namespace", NEW."flowId", '', NEW."state", CASE WHEN x."d" IS NULL THEN 'none' WHEN x."d" <= 0.1 THEN '0.1' WHEN x."d" <= 0.5 THEN '0.5' WHEN x."d" <= 1 THEN '1' WHEN x."d" <= 5 THEN '5' WHEN x."d" <= 10 THEN '10' WHEN x."d" <= 30 THEN '30' WHEN x."d" <= 60 THEN '60' WHEN x."d" <= 300 THEN '300' WHEN x."d" <= 1800 THEN '1800' WHEN x."d" <= 3600 THEN '3600' ELSE '+Inf' END, 1, COALESCE(x."d", 0)
  FROM (SELECT CASE WHEN NEW."startedAt" IS NULL OR NEW."endedAt" IS NULL THEN NULL ELSE round(max(0.0, (CASE typeof(NEW."endedAt") WHEN 'integer' THEN NEW."endedAt" / 1000.0 ELSE (julianday(NEW."endedAt") - 2440587.5) * 86400.0 END) - (CASE typeof(NEW."startedAt") WHEN 'integer' THEN NEW."startedAt" / 1000.0 ELSE (julianday(NEW."startedAt") - 2440587.5) * 86400.0 END)), 3) END AS "d") AS x WHERE true
  ON CONFLICT ("kind", "namespace", "flowId", "taskType", "state", "le") DO UPDATE SET "count" = "RunTotal"."count" + excluded."count", "durationSum" = "RunTotal"."durationSum" + excluded."durationSum";
END;

-- What ended before this migration, counted once.
INSERT INTO "RunTotal" ("kind", "namespace", "flowId", "taskType", "state", "le", "count", "durationSum")
SELECT 'taskRun', "namespace", "flowId", "taskType", "state", CASE WHEN "d" IS NULL THEN 'none' WHEN "d" <= 0.1 THEN '0.1' WHEN "d" <= 0.5 THEN '0.5' WHEN "d" <= 1 THEN '1' WHEN "d" <= 5 THEN '5' WHEN "d" <= 10 THEN '10' WHEN "d" <= 30 THEN '30' WHEN "d" <= 60 THEN '60' WHEN "d" <= 300 THEN '300' WHEN "d" <= 1800 THEN '1800' WHEN "d" <= 3600 THEN '3600' ELSE '+Inf' END AS "le", COUNT(*), COALESCE(SUM("d"), 0) FROM (
  SELECT e."namespace" AS "namespace", e."flowId" AS "flowId", r."taskType" AS "taskType", r."state" AS "state", CASE WHEN r."startedAt" IS NULL OR r."endedAt" IS NULL THEN NULL ELSE round(max(0.0, (CASE typeof(r."endedAt") WHEN 'integer' THEN r."endedAt" / 1000.0 ELSE (julianday(r."endedAt") - 2440587.5) * 86400.0 END) - (CASE typeof(r."startedAt") WHEN 'integer' THEN r."startedAt" / 1000.0 ELSE (julianday(r."startedAt") - 2440587.5) * 86400.0 END)), 3) END AS "d"
  FROM "TaskRun" r JOIN "Execution" e ON e."id" = r."executionId"
  WHERE r."state" IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED')
) AS ended WHERE true GROUP BY "namespace", "flowId", "taskType", "state", "le";
INSERT INTO "RunTotal" ("kind", "namespace", "flowId", "taskType", "state", "le", "count", "durationSum")
SELECT 'execution', "namespace", "flowId", "taskType", "state", CASE WHEN "d" IS NULL THEN 'none' WHEN "d" <= 0.1 THEN '0.1' WHEN "d" <= 0.5 THEN '0.5' WHEN "d" <= 1 THEN '1' WHEN "d" <= 5 THEN '5' WHEN "d" <= 10 THEN '10' WHEN "d" <= 30 THEN '30' WHEN "d" <= 60 THEN '60' WHEN "d" <= 300 THEN '300' WHEN "d" <= 1800 THEN '1800' WHEN "d" <= 3600 THEN '3600' ELSE '+Inf' END AS "le", COUNT(*), COALESCE(SUM("d"), 0) FROM (
  SELECT r."namespace" AS "namespace", r."flowId" AS "flowId", '' AS "taskType", r."state" AS "state", CASE WHEN r."startedAt" IS NULL OR r."endedAt" IS NULL THEN NULL ELSE round(max(0.0, (CASE typeof(r."endedAt") WHEN 'integer' THEN r."endedAt" / 1000.0 ELSE (julianday(r."endedAt") - 2440587.5) * 86400.0 END) - (CASE typeof(r."startedAt") WHEN 'integer' THEN r."startedAt" / 1000.0 ELSE (julianday(r."startedAt") - 2440587.5) * 86400.0 END)), 3) END AS "d"
  FROM "Execution" r
  WHERE r."state" IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED')
) AS ended WHERE true GROUP BY "namespace", "flowId", "taskType", "state", "le";
