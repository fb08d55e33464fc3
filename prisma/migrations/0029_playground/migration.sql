-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'NORMAL';

-- CreateIndex
CREATE INDEX "Execution_kind_createdAt_idx" ON "Execution"("kind", "createdAt");

-- The run totals (0026) leave playground executions and their task runs out: the same triggers,
-- each with one more condition on the execution's kind.
DROP TRIGGER "RunTotal_taskRun_ended";
CREATE TRIGGER "RunTotal_taskRun_ended" AFTER UPDATE OF "state" ON "TaskRun"
FOR EACH ROW WHEN NEW."state" IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED') AND OLD."state" NOT IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED')
BEGIN
  INSERT INTO "RunTotal" ("kind", "namespace", "flowId", "taskType", "state", "le", "count", "durationSum")
  SELECT 'taskRun', e."namespace", e."flowId", NEW."taskType", NEW."state", CASE WHEN x."d" IS NULL THEN 'none' WHEN x."d" <= 0.1 THEN '0.1' WHEN x."d" <= 0.5 THEN '0.5' WHEN x."d" <= 1 THEN '1' WHEN x."d" <= 5 THEN '5' WHEN x."d" <= 10 THEN '10' WHEN x."d" <= 30 THEN '30' WHEN x."d" <= 60 THEN '60' WHEN x."d" <= 300 THEN '300' WHEN x."d" <= 1800 THEN '1800' WHEN x."d" <= 3600 THEN '3600' ELSE '+Inf' END, 1, COALESCE(x."d", 0)
  FROM (SELECT CASE WHEN NEW."startedAt" IS NULL OR NEW."endedAt" IS NULL THEN NULL ELSE round(max(0.0, (CASE typeof(NEW."endedAt") WHEN 'integer' THEN NEW."endedAt" / 1000.0 ELSE (julianday(NEW."endedAt") - 2440587.5) * 86400.0 END) - (CASE typeof(NEW."startedAt") WHEN 'integer' THEN NEW."startedAt" / 1000.0 ELSE (julianday(NEW."startedAt") - 2440587.5) * 86400.0 END)), 3) END AS "d") AS x, "Execution" e WHERE e."id" = NEW."executionId" AND e."kind" <> 'PLAYGROUND'
  ON CONFLICT ("kind", "namespace", "flowId", "taskType", "state", "le") DO UPDATE SET "count" = "RunTotal"."count" + excluded."count", "durationSum" = "RunTotal"."durationSum" + excluded."durationSum";
END;

DROP TRIGGER "RunTotal_taskRun_inserted_ended";
CREATE TRIGGER "RunTotal_taskRun_inserted_ended" AFTER INSERT ON "TaskRun"
FOR EACH ROW WHEN NEW."state" IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED')
BEGIN
  INSERT INTO "RunTotal" ("kind", "namespace", "flowId", "taskType", "state", "le", "count", "durationSum")
  SELECT 'taskRun', e."namespace", e."flowId", NEW."taskType", NEW."state", CASE WHEN x."d" IS NULL THEN 'none' WHEN x."d" <= 0.1 THEN '0.1' WHEN x."d" <= 0.5 THEN '0.5' WHEN x."d" <= 1 THEN '1' WHEN x."d" <= 5 THEN '5' WHEN x."d" <= 10 THEN '10' WHEN x."d" <= 30 THEN '30' WHEN x."d" <= 60 THEN '60' WHEN x."d" <= 300 THEN '300' WHEN x."d" <= 1800 THEN '1800' WHEN x."d" <= 3600 THEN '3600' ELSE '+Inf' END, 1, COALESCE(x."d", 0)
  FROM (SELECT CASE WHEN NEW."startedAt" IS NULL OR NEW."endedAt" IS NULL THEN NULL ELSE round(max(0.0, (CASE typeof(NEW."endedAt") WHEN 'integer' THEN NEW."endedAt" / 1000.0 ELSE (julianday(NEW."endedAt") - 2440587.5) * 86400.0 END) - (CASE typeof(NEW."startedAt") WHEN 'integer' THEN NEW."startedAt" / 1000.0 ELSE (julianday(NEW."startedAt") - 2440587.5) * 86400.0 END)), 3) END AS "d") AS x, "Execution" e WHERE e."id" = NEW."executionId" AND e."kind" <> 'PLAYGROUND'
  ON CONFLICT ("kind", "namespace", "flowId", "taskType", "state", "le") DO UPDATE SET "count" = "RunTotal"."count" + excluded."count", "durationSum" = "RunTotal"."durationSum" + excluded."durationSum";
END;

DROP TRIGGER "RunTotal_execution_ended";
CREATE TRIGGER "RunTotal_execution_ended" AFTER UPDATE OF "state" ON "Execution"
FOR EACH ROW WHEN NEW."state" IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED') AND OLD."state" NOT IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED') AND NEW."kind" <> 'PLAYGROUND'
BEGIN
  INSERT INTO "RunTotal" ("kind", "namespace", "flowId", "taskType", "state", "le", "count", "durationSum")
  SELECT 'execution', NEW."namespace", NEW."flowId", '', NEW."state", CASE WHEN x."d" IS NULL THEN 'none' WHEN x."d" <= 0.1 THEN '0.1' WHEN x."d" <= 0.5 THEN '0.5' WHEN x."d" <= 1 THEN '1' WHEN x."d" <= 5 THEN '5' WHEN x."d" <= 10 THEN '10' WHEN x."d" <= 30 THEN '30' WHEN x."d" <= 60 THEN '60' WHEN x."d" <= 300 THEN '300' WHEN x."d" <= 1800 THEN '1800' WHEN x."d" <= 3600 THEN '3600' ELSE '+Inf' END, 1, COALESCE(x."d", 0)
  FROM (SELECT CASE WHEN NEW."startedAt" IS NULL OR NEW."endedAt" IS NULL THEN NULL ELSE round(max(0.0, (CASE typeof(NEW."endedAt") WHEN 'integer' THEN NEW."endedAt" / 1000.0 ELSE (julianday(NEW."endedAt") - 2440587.5) * 86400.0 END) - (CASE typeof(NEW."startedAt") WHEN 'integer' THEN NEW."startedAt" / 1000.0 ELSE (julianday(NEW."startedAt") - 2440587.5) * 86400.0 END)), 3) END AS "d") AS x WHERE true
  ON CONFLICT ("kind", "namespace", "flowId", "taskType", "state", "le") DO UPDATE SET "count" = "RunTotal"."count" + excluded."count", "durationSum" = "RunTotal"."durationSum" + excluded."durationSum";
END;

DROP TRIGGER "RunTotal_execution_inserted_ended";
CREATE TRIGGER "RunTotal_execution_inserted_ended" AFTER INSERT ON "Execution"
FOR EACH ROW WHEN NEW."state" IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED') AND NEW."kind" <> 'PLAYGROUND'
BEGIN
  INSERT INTO "RunTotal" ("kind", "namespace", "flowId", "taskType", "state", "le", "count", "durationSum")
  SELECT 'execution', NEW."namespace", NEW."flowId", '', NEW."state", CASE WHEN x."d" IS NULL THEN 'none' WHEN x."d" <= 0.1 THEN '0.1' WHEN x."d" <= 0.5 THEN '0.5' WHEN x."d" <= 1 THEN '1' WHEN x."d" <= 5 THEN '5' WHEN x."d" <= 10 THEN '10' WHEN x."d" <= 30 THEN '30' WHEN x."d" <= 60 THEN '60' WHEN x."d" <= 300 THEN '300' WHEN x."d" <= 1800 THEN '1800' WHEN x."d" <= 3600 THEN '3600' ELSE '+Inf' END, 1, COALESCE(x."d", 0)
  FROM (SELECT CASE WHEN NEW."startedAt" IS NULL OR NEW."endedAt" IS NULL THEN NULL ELSE round(max(0.0, (CASE typeof(NEW."endedAt") WHEN 'integer' THEN NEW."endedAt" / 1000.0 ELSE (julianday(NEW."endedAt") - 2440587.5) * 86400.0 END) - (CASE typeof(NEW."startedAt") WHEN 'integer' THEN NEW."startedAt" / 1000.0 ELSE (julianday(NEW."startedAt") - 2440587.5) * 86400.0 END)), 3) END AS "d") AS x WHERE true
  ON CONFLICT ("kind", "namespace", "flowId", "taskType", "state", "le") DO UPDATE SET "count" = "RunTotal"."count" + excluded."count", "durationSum" = "RunTotal"."durationSum" + excluded."durationSum";
END;

-- Playground executions are not counted in ExecutionCount either (list totals, the dashboard):
-- 0028's triggers again, each with the execution's kind in its condition.
DROP TRIGGER "ExecutionCount_inserted";
CREATE TRIGGER "ExecutionCount_inserted" AFTER INSERT ON "Execution"
FOR EACH ROW WHEN NEW."kind" <> 'PLAYGROUND'
BEGIN
  INSERT INTO "ExecutionCount" ("namespace", "flowId", "hour", "state", "count")
  SELECT l."namespace", l."flowId", CASE typeof(NEW."createdAt") WHEN 'integer' THEN NEW."createdAt" / 3600000 ELSE CAST(strftime('%s', NEW."createdAt") AS INTEGER) / 3600 END, NEW."state", 1
  FROM (SELECT NEW."namespace" AS "namespace", NEW."flowId" AS "flowId" UNION ALL SELECT NEW."namespace", '' UNION ALL SELECT '', '') AS l WHERE true
  ON CONFLICT ("namespace", "flowId", "hour", "state") DO UPDATE SET "count" = "ExecutionCount"."count" + excluded."count";
END;

DROP TRIGGER "ExecutionCount_moved";
CREATE TRIGGER "ExecutionCount_moved" AFTER UPDATE OF "state" ON "Execution"
FOR EACH ROW WHEN NEW."state" <> OLD."state" AND NEW."kind" <> 'PLAYGROUND'
BEGIN
  INSERT INTO "ExecutionCount" ("namespace", "flowId", "hour", "state", "count")
  SELECT l."namespace", l."flowId", CASE typeof(OLD."createdAt") WHEN 'integer' THEN OLD."createdAt" / 3600000 ELSE CAST(strftime('%s', OLD."createdAt") AS INTEGER) / 3600 END, OLD."state", -1
  FROM (SELECT OLD."namespace" AS "namespace", OLD."flowId" AS "flowId" UNION ALL SELECT OLD."namespace", '' UNION ALL SELECT '', '') AS l WHERE true
  ON CONFLICT ("namespace", "flowId", "hour", "state") DO UPDATE SET "count" = "ExecutionCount"."count" + excluded."count";
  INSERT INTO "ExecutionCount" ("namespace", "flowId", "hour", "state", "count")
  SELECT l."namespace", l."flowId", CASE typeof(NEW."createdAt") WHEN 'integer' THEN NEW."createdAt" / 3600000 ELSE CAST(strftime('%s', NEW."createdAt") AS INTEGER) / 3600 END, NEW."state", 1
  FROM (SELECT NEW."namespace" AS "namespace", NEW."flowId" AS "flowId" UNION ALL SELECT NEW."namespace", '' UNION ALL SELECT '', '') AS l WHERE true
  ON CONFLICT ("namespace", "flowId", "hour", "state") DO UPDATE SET "count" = "ExecutionCount"."count" + excluded."count";
END;

DROP TRIGGER "ExecutionCount_deleted";
CREATE TRIGGER "ExecutionCount_deleted" AFTER DELETE ON "Execution"
FOR EACH ROW WHEN OLD."kind" <> 'PLAYGROUND'
BEGIN
  INSERT INTO "ExecutionCount" ("namespace", "flowId", "hour", "state", "count")
  SELECT l."namespace", l."flowId", CASE typeof(OLD."createdAt") WHEN 'integer' THEN OLD."createdAt" / 3600000 ELSE CAST(strftime('%s', OLD."createdAt") AS INTEGER) / 3600 END, OLD."state", -1
  FROM (SELECT OLD."namespace" AS "namespace", OLD."flowId" AS "flowId" UNION ALL SELECT OLD."namespace", '' UNION ALL SELECT '', '') AS l WHERE true
  ON CONFLICT ("namespace", "flowId", "hour", "state") DO UPDATE SET "count" = "ExecutionCount"."count" + excluded."count";
END;

