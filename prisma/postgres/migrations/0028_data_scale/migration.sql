-- Migration 0028: a team's scale (see the SQLite twin). An execution refers to its flow revision
-- instead of copying the source, indexes for the executions list, and ExecutionCount kept by triggers.

-- AlterTable: copies equal to their revision are dropped.
ALTER TABLE "Execution" ALTER COLUMN "source" DROP NOT NULL;
UPDATE "Execution" e SET "source" = NULL
FROM "Flow" f JOIN "FlowRevision" r ON r."flowRef" = f."id"
WHERE f."namespace" = e."namespace" AND f."flowId" = e."flowId" AND r."revision" = e."flowRevision" AND r."source" = e."source";

-- CreateIndex
CREATE INDEX "Execution_createdAt_idx" ON "Execution"("createdAt");
CREATE INDEX "Execution_flowId_createdAt_idx" ON "Execution"("flowId", "createdAt");
CREATE INDEX "Execution_endedAt_idx" ON "Execution"("endedAt");

-- CreateTable
CREATE TABLE "ExecutionCount" (
    "namespace" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "hour" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ExecutionCount_pkey" PRIMARY KEY ("namespace","flowId","hour","state")
);
CREATE INDEX "ExecutionCount_hour_flowId_idx" ON "ExecutionCount"("hour", "flowId");
CREATE INDEX "ExecutionCount_flowId_hour_idx" ON "ExecutionCount"("flowId", "hour");

-- Every insert, state move and delete of an execution counts at three levels (all namespaces, its
-- namespace, its flow), in the statement that makes it.
CREATE FUNCTION "osprey_execution_hour"(created TIMESTAMP(3)) RETURNS INTEGER
LANGUAGE sql IMMUTABLE AS $$ SELECT floor(EXTRACT(EPOCH FROM created) / 3600)::INTEGER $$;

CREATE FUNCTION "osprey_count_execution"(ns TEXT, fl TEXT, created TIMESTAMP(3), st TEXT, delta INTEGER) RETURNS VOID
LANGUAGE sql AS $$
  INSERT INTO "ExecutionCount" ("namespace", "flowId", "hour", "state", "count")
  SELECT l.ns, l.fl, "osprey_execution_hour"(created), st, delta FROM (VALUES (ns, fl), (ns, ''), ('', '')) AS l(ns, fl)
  ON CONFLICT ("namespace", "flowId", "hour", "state") DO UPDATE SET "count" = "ExecutionCount"."count" + excluded."count";
$$;

CREATE FUNCTION "osprey_execution_counted"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM "osprey_count_execution"(OLD."namespace", OLD."flowId", OLD."createdAt", OLD."state", -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM "osprey_count_execution"(NEW."namespace", NEW."flowId", NEW."createdAt", NEW."state", 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "ExecutionCount_inserted" AFTER INSERT ON "Execution"
FOR EACH ROW EXECUTE FUNCTION "osprey_execution_counted"();

CREATE TRIGGER "ExecutionCount_moved" AFTER UPDATE OF "state" ON "Execution"
FOR EACH ROW WHEN (NEW."state" <> OLD."state") EXECUTE FUNCTION "osprey_execution_counted"();

CREATE TRIGGER "ExecutionCount_deleted" AFTER DELETE ON "Execution"
FOR EACH ROW EXECUTE FUNCTION "osprey_execution_counted"();

-- The executions already stored, counted once.
INSERT INTO "ExecutionCount" ("namespace", "flowId", "hour", "state", "count")
SELECT "namespace", "flowId", "osprey_execution_hour"("createdAt"), "state", COUNT(*) FROM "Execution"
GROUP BY "namespace", "flowId", "osprey_execution_hour"("createdAt"), "state";
INSERT INTO "ExecutionCount" ("namespace", "flowId", "hour", "state", "count")
SELECT "namespace", '', "hour", "state", SUM("count") FROM "ExecutionCount" WHERE "flowId" <> '' GROUP BY "namespace", "hour", "state";
INSERT INTO "ExecutionCount" ("namespace", "flowId", "hour", "state", "count")
SELECT '', '', "hour", "state", SUM("count") FROM "ExecutionCount" WHERE "flowId" = '' AND "namespace" <> '' GROUP BY "hour", "state";
