// Seeds a fresh database with a team's history, for the data-scale benchmark (bench/data-scale.ts):
//   DATABASE_URL=file:/tmp/scale/osprey.db npx tsx scripts/seed-scale.ts --flows 10000 --executions 1000000
// Flows in namespaces with revisions, executions over the last days with their task runs and log
// chunks, written by batched multi-row INSERTs through the driver (SQLite file or PostgreSQL).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { exportDatabaseUrlForPrisma } from "../lib/config";
import { isPostgresUrl } from "../lib/db/database-kind";
import { CORRELATION_ID } from "../lib/flow/labels";
import { State } from "../lib/states/states";
import { logLines, randomOf, seedExecution, seedFlows, taskRunStates, type SeedFlow } from "./seed-scale/rows";
import { type Cell, openSink, type Sink } from "./seed-scale/sink";

const { values: flags } = parseArgs({
  options: {
    flows: { type: "string", default: "10000" },
    namespaces: { type: "string", default: "200" },
    executions: { type: "string", default: "1000000" },
    days: { type: "string", default: "90" },
    seed: { type: "string", default: "1" },
    batch: { type: "string", default: "5000" },
  },
});
const count = (name: keyof typeof flags) => {
  const n = Number(flags[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1 (got "${flags[name]}")`);
  return n;
};
const FLOWS = count("flows");
const NAMESPACES = Math.min(count("namespaces"), FLOWS);
const EXECUTIONS = count("executions");
const DAYS = count("days");
const BATCH = count("batch");
const random = randomOf(count("seed"));

const FLOW_COLUMNS = ["id", "namespace", "flowId", "revision", "source", "deleted", "createdAt", "updatedAt"];
const REVISION_COLUMNS = ["id", "flowRef", "revision", "source", "createdBy", "createdAt"];

/** Flows and every revision; returns how many revisions. */
async function insertFlows(sink: Sink, all: SeedFlow[], since: number): Promise<number> {
  let revisions = 0;
  for (let i = 0; i < all.length; i += BATCH) {
    const part = all.slice(i, i + BATCH);
    const flowRows: Cell[][] = [];
    const revisionRows: Cell[][] = [];
    for (const f of part) {
      const id = randomUUID();
      const last = f.revisions.length;
      const saved = (r: number) => sink.time(since + r * 3_600_000);
      flowRows.push([id, f.namespace, f.flowId, last, f.revisions[last - 1], 0, saved(0), saved(last)]);
      f.revisions.forEach((source, r) => {
        revisionRows.push([randomUUID(), id, r + 1, source, `${f.team}@example.com`, saved(r + 1)]);
      });
      revisions += last;
    }
    await sink.write([
      { table: "Flow", columns: FLOW_COLUMNS, rows: flowRows },
      { table: "FlowRevision", columns: REVISION_COLUMNS, rows: revisionRows },
    ]);
  }
  return revisions;
}

const EXECUTION_COLUMNS = [
  "id",
  "namespace",
  "flowId",
  "flowRevision",
  "source",
  "inputs",
  "labels",
  "state",
  "error",
  "triggerType",
  "triggerId",
  "startedBy",
  "createdAt",
  "startedAt",
  "endedAt",
];
const TASK_RUN_COLUMNS = [
  "id",
  "executionId",
  "taskId",
  "position",
  "taskType",
  "state",
  "attempt",
  "createdAt",
  "startedAt",
  "endedAt",
];
const CHUNK_COLUMNS = ["executionId", "firstSeq", "lastSeq", "taskRunId", "taskId", "lines", "createdAt"];
const TASK_IDS = ["extract", "transform", "load"];

/** Executions [from, to) with their task runs and log chunks; returns how many task runs. */
async function insertExecutions(
  sink: Sink,
  allFlows: SeedFlow[],
  [from, to]: [number, number],
  now: number,
  copySource: boolean,
) {
  const executions: Cell[][] = [];
  const taskRuns: Cell[][] = [];
  const chunks: Cell[][] = [];
  for (let i = from; i < to; i++) {
    const e = seedExecution(i, EXECUTIONS, DAYS, now, allFlows, random, randomUUID());
    const scheduled = random() < 0.7;
    const labels = JSON.stringify([
      { key: "team", value: e.flow.team },
      { key: "env", value: e.revision % 2 ? "prod" : "staging" },
      { key: CORRELATION_ID, value: e.id },
    ]);
    const t = (ms: number | null) => (ms === null ? null : sink.time(ms));
    executions.push([
      e.id,
      e.flow.namespace,
      e.flow.flowId,
      e.revision,
      copySource ? e.flow.revisions[e.revision - 1] : null,
      "{}",
      labels,
      e.state,
      e.state === State.FAILED ? "transform: task failed (exit code 1)" : null,
      scheduled ? "schedule" : "manual",
      scheduled ? "hourly" : null,
      scheduled ? null : `${e.flow.team}@example.com`,
      t(e.createdAt),
      t(e.startedAt),
      t(e.endedAt),
    ]);
    let seq = 1;
    const states = taskRunStates(e);
    const span = e.startedAt === null ? 0 : ((e.endedAt ?? now) - e.startedAt) / Math.max(1, states.length);
    states.forEach((state, position) => {
      const id = randomUUID();
      const start = (e.startedAt ?? e.createdAt) + Math.floor(position * span);
      const end = state === State.RUNNING ? null : start + Math.floor(span);
      const taskId = TASK_IDS[position];
      taskRuns.push([
        id,
        e.id,
        taskId,
        position,
        "io.kestra.plugin.core.log.Log",
        state,
        1,
        t(start),
        t(start),
        t(end),
      ]);
      const lines = 2 + Math.floor(random() * 3);
      chunks.push([e.id, seq, seq + lines - 1, id, taskId, logLines(e, taskId, start, lines), t(start)]);
      seq += lines;
    });
  }
  await sink.write([
    { table: "Execution", columns: EXECUTION_COLUMNS, rows: executions },
    { table: "TaskRun", columns: TASK_RUN_COLUMNS, rows: taskRuns },
    { table: "LogChunk", columns: CHUNK_COLUMNS, rows: chunks },
  ]);
  return taskRuns.length;
}

async function main() {
  const url = exportDatabaseUrlForPrisma();
  if (!isPostgresUrl(url) && existsSync(url.slice("file:".length)))
    throw new Error(`${url} exists: the seed writes into a fresh database only`);
  const started = performance.now();
  execFileSync("npx", ["tsx", "scripts/migrate.ts"], { stdio: ["ignore", "ignore", "inherit"] });
  const sink = await openSink(url);
  try {
    if ((await sink.count("Flow")) > 0 || (await sink.count("Execution")) > 0)
      throw new Error("the database already holds flows or executions: the seed writes into a fresh database only");
    const now = Date.now();
    const flows = seedFlows(FLOWS, NAMESPACES, random);
    const revisionRefs = await insertFlows(sink, flows, now - DAYS * 86_400_000);
    const copySource = !(await sink.nullable("Execution", "source"));
    let taskRuns = 0;
    for (let from = 0; from < EXECUTIONS; from += BATCH) {
      taskRuns += await insertExecutions(sink, flows, [from, Math.min(EXECUTIONS, from + BATCH)], now, copySource);
      if ((from / BATCH) % 20 === 19) console.error(`[seed] ${(from + BATCH).toLocaleString("en")} executions`);
    }
    // A team's database has its statistics; one just bulk-loaded would be measured without them.
    await sink.analyze();
    const seconds = (performance.now() - started) / 1000;
    const mb = (await sink.sizeBytes()) / 1024 / 1024;
    console.log(
      `seeded ${sink.kind}: ${FLOWS.toLocaleString("en")} flows (${revisionRefs.toLocaleString("en")} revisions) in ${NAMESPACES} namespaces, ` +
        `${EXECUTIONS.toLocaleString("en")} executions over ${DAYS} days, ${taskRuns.toLocaleString("en")} task runs and as many log chunks, ` +
        `in ${seconds.toFixed(1)} s; database ${mb.toFixed(0)} MB`,
    );
  } finally {
    await sink.close();
  }
}

await main();
