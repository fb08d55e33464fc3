// The rows of a seeded team: flows with revisions, executions over the last days with task runs and
// log chunks, from a seeded random generator so two runs with the same flags make the same data.
import { State, type TState } from "../../lib/states/states";

/** A small fast PRNG (mulberry32): reproducible data without a dependency. */
export function randomOf(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedFlow {
  namespace: string;
  flowId: string;
  team: string;
  /** Sources of revisions 1..n. */
  revisions: string[];
}

const TASK_IDS = ["extract", "transform", "load"];
const TASK_TYPE = "io.kestra.plugin.core.log.Log";

/** A flow's YAML at a revision: core tasks only (they run in-process), so a seeded CREATED run needs no Docker. */
export function flowSource(namespace: string, flowId: string, team: string, revision: number, tasks: number): string {
  const steps = TASK_IDS.slice(0, tasks)
    .map(
      (id) => `  - id: ${id}\n    type: ${TASK_TYPE}\n    message: "${id} {{ execution.id }} (revision ${revision})"\n`,
    )
    .join("");
  return (
    `id: ${flowId}\nnamespace: ${namespace}\ndescription: Seeded flow of ${team}, revision ${revision}\n` +
    `labels:\n  team: ${team}\n  env: ${revision % 2 ? "prod" : "staging"}\ntasks:\n${steps}`
  );
}

/** `flows` flows spread over `namespaces` namespaces (company.teamNNN.areaN), each with 1–3 revisions. */
export function seedFlows(flows: number, namespaces: number, random: () => number): SeedFlow[] {
  return Array.from({ length: flows }, (_, i) => {
    const n = i % namespaces;
    const team = `team${String(n).padStart(3, "0")}`;
    const namespace = `company.${team}.area${n % 5}`;
    const flowId = `flow_${String(i).padStart(5, "0")}`;
    const tasks = 1 + Math.floor(random() * 3);
    const count = 1 + Math.floor(random() * 3);
    const revisions = Array.from({ length: count }, (_, r) => flowSource(namespace, flowId, team, r + 1, tasks));
    return { namespace, flowId, team, revisions };
  });
}

/** A real team's mix of ends: mostly SUCCESS, some FAILED, WARNING and KILLED. */
function endState(random: () => number): TState {
  const x = random();
  if (x < 0.86) return State.SUCCESS;
  if (x < 0.94) return State.FAILED;
  if (x < 0.98) return State.WARNING;
  return State.KILLED;
}

export interface SeedExecution {
  id: string;
  flow: SeedFlow;
  revision: number;
  state: TState;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  tasks: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * The `index`-th execution of `total` spread over `days` before `now`, oldest first; the newest few
 * (one in 2,000, at least 3) are still RUNNING or CREATED, as a live team's are.
 */
export function seedExecution(
  index: number,
  total: number,
  days: number,
  now: number,
  flows: SeedFlow[],
  random: () => number,
  id: string,
): SeedExecution {
  const unfinished = Math.max(3, Math.floor(total / 2000));
  const recent = index >= total - unfinished;
  const createdAt = recent
    ? now - Math.floor(random() * 30 * MINUTE)
    : now - days * DAY + Math.floor(((index + random()) / total) * (days * DAY - 30 * MINUTE));
  // A few busy flows run far more often than the rest, as schedules every minute do.
  const flow =
    flows[random() < 0.2 ? Math.floor(random() * Math.min(20, flows.length)) : Math.floor(random() * flows.length)];
  const revision = random() < 0.9 ? flow.revisions.length : 1 + Math.floor(random() * flow.revisions.length);
  const tasks = (flow.revisions[revision - 1].match(/ {2}- id: /g) ?? []).length;
  const state = recent ? (random() < 0.5 ? State.RUNNING : State.CREATED) : endState(random);
  const startedAt = state === State.CREATED ? null : createdAt + Math.floor(random() * 2000);
  const endedAt =
    startedAt === null || state === State.RUNNING ? null : startedAt + Math.floor(1000 + random() * 120_000);
  return { id, flow, revision, state, createdAt, startedAt, endedAt, tasks };
}

/** The states of an execution's task runs: the last carries the execution's state; a CREATED one has none yet. */
export function taskRunStates(e: SeedExecution): TState[] {
  if (e.state === State.CREATED) return [];
  return Array.from({ length: e.tasks }, (_, i) => (i < e.tasks - 1 ? State.SUCCESS : e.state));
}

/** The lines a Log task stores, as LogChunk.lines holds them: [timestampMs, stream, level, message]. */
export function logLines(e: SeedExecution, taskId: string, at: number, count: number): string {
  const tuples = Array.from({ length: count }, (_, i) => [
    at + i,
    "system",
    i === count - 1 && e.state === State.FAILED ? "ERROR" : "INFO",
    i === 0 ? `${taskId} ${e.id} (revision ${e.revision})` : `${taskId}: step ${i} of ${count - 1} done`,
  ]);
  return JSON.stringify(tuples);
}
