-- CreateTable
CREATE TABLE "WorkingDirectoryHost" (
    "taskRunId" TEXT NOT NULL,
    "workerId" TEXT NOT NULL,
    "collected" INTEGER NOT NULL DEFAULT 0,
    "outputFiles" TEXT,

    CONSTRAINT "WorkingDirectoryHost_pkey" PRIMARY KEY ("taskRunId")
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
    "durationSum" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "RunTotal_pkey" PRIMARY KEY ("kind","namespace","flowId","taskType","state","le")
);

-- AddForeignKey
ALTER TABLE "WorkingDirectoryHost" ADD CONSTRAINT "WorkingDirectoryHost_taskRunId_fkey" FOREIGN KEY ("taskRunId") REFERENCES "TaskRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The totals are kept by triggers, in the statement that ends a run (moveTaskRun, moveExecution, a
-- bulk kill alike): an end counts once, whichever process writes it. Durations in seconds.
CREATE FUNCTION "osprey_run_duration"(started TIMESTAMP(3), ended TIMESTAMP(3)) RETURNS DOUBLE PRECISION
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN started IS NULL OR ended IS NULL THEN NULL
    ELSE GREATEST(0, EXTRACT(EPOCH FROM (ended - started)))::DOUBLE PRECISION END
$$;

CREATE FUNCTION "osprey_run_bucket"(d DOUBLE PRECISION) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN d IS NULL THEN 'none'
    WHEN d <= 0.1 THEN '0.1'
    WHEN d <= 0.5 THEN '0.5'
    WHEN d <= 1 THEN '1'
    WHEN d <= 5 THEN '5'
    WHEN d <= 10 THEN '10'
    WHEN d <= 30 THEN '30'
    WHEN d <= 60 THEN '60'
    WHEN d <= 300 THEN '300'
    WHEN d <= 1800 THEN '1800'
    WHEN d <= 3600 THEN '3600'
    ELSE '+Inf' END
$$;

CREATE FUNCTION "osprey_count_run_end"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
  ns TEXT;
  fl TEXT;
  tt TEXT;
  d DOUBLE PRECISION := "osprey_run_duration"(NEW."startedAt", NEW."endedAt");
BEGIN
  IF TG_TABLE_NAME = 'TaskRun' THEN
    SELECT e."namespace", e."flowId" INTO ns, fl FROM "Execution" e WHERE e."id" = NEW."executionId";
    tt := NEW."taskType";
  ELSE
    ns := NEW."namespace";
    fl := NEW."flowId";
    tt := '';
  END IF;
  INSERT INTO "RunTotal" ("kind", "namespace", "flowId", "taskType", "state", "le", "count", "durationSum")
  VALUES (TG_ARGV[0], COALESCE(ns, ''), COALESCE(fl, ''), tt, NEW."state", "osprey_run_bucket"(d), 1, COALESCE(d, 0))
  ON CONFLICT ("kind", "namespace", "flowId", "taskType", "state", "le") DO UPDATE SET "count" = "RunTotal"."count" + excluded."count", "durationSum" = "RunTotal"."durationSum" + excluded."durationSum";
  RETURN NULL;
END
$$;

CREATE TRIGGER "RunTotal_taskRun_ended" AFTER UPDATE OF "state" ON "TaskRun"
FOR EACH ROW WHEN (NEW."state" IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED') AND OLD."state" NOT IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED'))
EXECUTE FUNCTION "osprey_count_run_end"('taskRun');

CREATE TRIGGER "RunTotal_taskRun_inserted_ended" AFTER INSERT ON "TaskRun"
FOR EACH ROW WHEN (NEW."state" IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED'))
EXECUTE FUNCTION "osprey_count_run_end"('taskRun');

CREATE TRIGGER "RunTotal_execution_ended" AFTER UPDATE OF "state" ON "Execution"
FOR EACH ROW WHEN (NEW."state" IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED') AND OLD."state" NOT IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED'))
EXECUTE FUNCTION "osprey_count_run_end"('execution');

CREATE TRIGGER "RunTotal_execution_inserted_ended" AFTER INSERT ON "Execution"
FOR EACH ROW WHEN (NEW."state" IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED'))
EXECUTE FUNCTION "osprey_count_run_end"('execution');

-- What ended before this migration, counted once.
INSERT INTO "RunTotal" ("kind", "namespace", "flowId", "taskType", "state", "le", "count", "durationSum")
SELECT 'taskRun', "namespace", "flowId", "taskType", "state", "osprey_run_bucket"("d"), COUNT(*), COALESCE(SUM("d"), 0) FROM (
  SELECT e."namespace" AS "namespace", e."flowId" AS "flowId", r."taskType" AS "taskType", r."state" AS "state",
    "osprey_run_duration"(r."startedAt", r."endedAt") AS "d"
  FROM "TaskRun" r JOIN "Execution" e ON e."id" = r."executionId"
  WHERE r."state" IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED')
) AS ended GROUP BY "namespace", "flowId", "taskType", "state", "osprey_run_bucket"("d");
INSERT INTO "RunTotal" ("kind", "namespace", "flowId", "taskType", "state", "le", "count", "durationSum")
SELECT 'execution', "namespace", "flowId", "taskType", "state", "osprey_run_bucket"("d"), COUNT(*), COALESCE(SUM("d"), 0) FROM (
  SELECT r."namespace" AS "namespace", r."flowId" AS "flowId", '' AS "taskType", r."state" AS "state",
    "osprey_run_duration"(r."startedAt", r."endedAt") AS "d"
  FROM "Execution" r
  WHERE r."state" IN ('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'SKIPPED', 'RETRIED')
) AS ended GROUP BY "namespace", "flowId", "taskType", "state", "osprey_run_bucket"("d");
