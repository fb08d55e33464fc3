-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'NORMAL';

-- CreateIndex
CREATE INDEX "Execution_kind_createdAt_idx" ON "Execution"("kind", "createdAt");

-- The run totals (0026) leave playground executions and their task runs out: the same function,
-- returning before it counts when the execution is a playground one.
CREATE OR REPLACE FUNCTION "osprey_count_run_end"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
  ns TEXT;
  fl TEXT;
  tt TEXT;
  k TEXT;
  d DOUBLE PRECISION := "osprey_run_duration"(NEW."startedAt", NEW."endedAt");
BEGIN
  IF TG_TABLE_NAME = 'TaskRun' THEN
    SELECT e."namespace", e."flowId", e."kind" INTO ns, fl, k FROM "Execution" e WHERE e."id" = NEW."executionId";
    tt := NEW."taskType";
  ELSE
    ns := NEW."namespace";
    fl := NEW."flowId";
    k := NEW."kind";
    tt := '';
  END IF;
  IF k = 'PLAYGROUND' THEN
    RETURN NULL;
  END IF;
  INSERT INTO "RunTotal" ("kind", "namespace", "flowId", "taskType", "state", "le", "count", "durationSum")
  VALUES (TG_ARGV[0], COALESCE(ns, ''), COALESCE(fl, ''), tt, NEW."state", "osprey_run_bucket"(d), 1, COALESCE(d, 0))
  ON CONFLICT ("kind", "namespace", "flowId", "taskType", "state", "le") DO UPDATE SET "count" = "RunTotal"."count" + excluded."count", "durationSum" = "RunTotal"."durationSum" + excluded."durationSum";
  RETURN NULL;
END
$$;

-- Playground executions are not counted in ExecutionCount either (list totals, the dashboard).
CREATE OR REPLACE FUNCTION "osprey_execution_counted"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."kind" <> 'PLAYGROUND' THEN
      PERFORM "osprey_count_execution"(OLD."namespace", OLD."flowId", OLD."createdAt", OLD."state", -1);
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."kind" <> 'PLAYGROUND' THEN
      PERFORM "osprey_count_execution"(NEW."namespace", NEW."flowId", NEW."createdAt", NEW."state", 1);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
