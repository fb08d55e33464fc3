-- Migration 0028: a team's scale. An execution refers to its flow revision instead of copying the
-- source (Execution.source becomes nullable; copies equal to their revision are dropped), indexes for the
-- executions list's filters and sorts, and ExecutionCount: executions per hour, namespace, flow and state,
-- kept by triggers so the dashboard reads counts instead of scanning executions.

-- RedefineTables (SQLite cannot drop a NOT NULL): the copy leaves out sources equal to their revision.
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
-- TaskRun's triggers read "Execution": SQLite refuses the rename while they name a missing table.
DROP TRIGGER "RunTotal_taskRun_ended";
DROP TRIGGER "RunTotal_taskRun_inserted_ended";
CREATE TABLE "new_Execution" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "namespace" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "flowRevision" INTEGER NOT NULL,
    "source" TEXT,
    "inputs" TEXT,
    "outputs" TEXT,
    "replayOf" TEXT,
    "trigger" TEXT,
    "triggerType" TEXT,
    "triggerId" TEXT,
    "labels" TEXT,
    "state" TEXT NOT NULL,
    "error" TEXT,
    "ownerId" TEXT,
    "heartbeatAt" DATETIME,
    "startedBy" TEXT,
    "killedBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    "scheduledFor" DATETIME
);
INSERT INTO "new_Execution" ("id", "namespace", "flowId", "flowRevision", "source", "inputs", "outputs", "replayOf", "trigger", "triggerType", "triggerId", "labels", "state", "error", "ownerId", "heartbeatAt", "startedBy", "killedBy", "createdAt", "startedAt", "endedAt", "scheduledFor")
SELECT e."id", e."namespace", e."flowId", e."flowRevision", CASE WHEN e."source" = (SELECT r."source" FROM "Flow" f JOIN "FlowRevision" r ON r."flowRef" = f."id" WHERE f."namespace" = e."namespace" AND f."flowId" = e."flowId" AND r."revision" = e."flowRevision") THEN NULL ELSE e."source" END, e."inputs", e."outputs", e."replayOf", e."trigger", e."triggerType", e."triggerId", e."labels", e."state", e."error", e."ownerId", e."heartbeatAt", e."startedBy", e."killedBy", e."createdAt", e."startedAt", e."endedAt", e."scheduledFor"
FROM "Execution" e;
DROP TABLE "Execution";
ALTER TABLE "new_Execution" RENAME TO "Execution";
CREATE INDEX "Execution_state_createdAt_idx" ON "Execution"("state", "createdAt");
CREATE INDEX "Execution_namespace_flowId_createdAt_idx" ON "Execution"("namespace", "flowId", "createdAt");
CREATE INDEX "Execution_createdAt_idx" ON "Execution"("createdAt");
CREATE INDEX "Execution_flowId_createdAt_idx" ON "Execution"("flowId", "createdAt");
CREATE INDEX "Execution_endedAt_idx" ON "Execution"("endedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- The triggers of migration 0026, unchanged: the table's went with it, TaskRun's were dropped above.
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

-- CreateTable
CREATE TABLE "ExecutionCount" (
    "namespace" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "hour" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("namespace", "flowId", "hour", "state")
);
CREATE INDEX "ExecutionCount_hour_flowId_idx" ON "ExecutionCount"("hour", "flowId");
CREATE INDEX "ExecutionCount_flowId_hour_idx" ON "ExecutionCount"("flowId", "hour");

-- Every insert, state move and delete of an execution counts at three levels (all namespaces, its
-- namespace, its flow), in the statement that makes it. The hour: of ISO text as Prisma writes a
-- DateTime here, or of epoch milliseconds as older rows may hold.
CREATE TRIGGER "ExecutionCount_inserted" AFTER INSERT ON "Execution"
FOR EACH ROW
BEGIN
  INSERT INTO "ExecutionCount" ("namespace", "flowId", "hour", "state", "count")
  SELECT l."namespace", l."flowId", CASE typeof(NEW."createdAt") WHEN 'integer' THEN NEW."createdAt" / 3600000 ELSE CAST(strftime('%s', NEW."createdAt") AS INTEGER) / 3600 END, NEW."state", 1
  FROM (SELECT NEW."namespace" AS "namespace", NEW."flowId" AS "flowId" UNION ALL SELECT NEW."namespace", '' UNION ALL SELECT '', '') AS l WHERE true
  ON CONFLICT ("namespace", "flowId", "hour", "state") DO UPDATE SET "count" = "ExecutionCount"."count" + excluded."count";
END;

CREATE TRIGGER "ExecutionCount_moved" AFTER UPDATE OF "state" ON "Execution"
FOR EACH ROW WHEN NEW."state" <> OLD."state"
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

CREATE TRIGGER "ExecutionCount_deleted" AFTER DELETE ON "Execution"
FOR EACH ROW
BEGIN
  INSERT INTO "ExecutionCount" ("namespace", "flowId", "hour", "state", "count")
  SELECT l."namespace", l."flowId", CASE typeof(OLD."createdAt") WHEN 'integer' THEN OLD."createdAt" / 3600000 ELSE CAST(strftime('%s', OLD."createdAt") AS INTEGER) / 3600 END, OLD."state", -1
  FROM (SELECT OLD."namespace" AS "namespace", OLD."flowId" AS "flowId" UNION ALL SELECT OLD."namespace", '' UNION ALL SELECT '', '') AS l WHERE true
  ON CONFLICT ("namespace", "flowId", "hour", "state") DO UPDATE SET "count" = "ExecutionCount"."count" + excluded."count";
END;

-- The executions already stored, counted once.
INSERT INTO "ExecutionCount" ("namespace", "flowId", "hour", "state", "count")
SELECT "namespace", "flowId", "hour", "state", COUNT(*) FROM (
  SELECT e."namespace" AS "namespace", e."flowId" AS "flowId", e."state" AS "state", CASE typeof(e."createdAt") WHEN 'integer' THEN e."createdAt" / 3600000 ELSE CAST(strftime('%s', e."createdAt") AS INTEGER) / 3600 END AS "hour"
  FROM "Execution" e
) AS x GROUP BY "namespace", "flowId", "hour", "state";
INSERT INTO "ExecutionCount" ("namespace", "flowId", "hour", "state", "count")
SELECT "namespace", '', "hour", "state", SUM("count") FROM "ExecutionCount" WHERE "flowId" <> '' GROUP BY "namespace", "hour", "state";
INSERT INTO "ExecutionCount" ("namespace", "flowId", "hour", "state", "count")
SELECT '', '', "hour", "state", SUM("count") FROM "ExecutionCount" WHERE "flowId" = '' AND "namespace" <> '' GROUP BY "hour", "state";
