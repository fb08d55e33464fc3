import type { z } from "zod";
import { isTruthy } from "../engine/truth";
import { State, type TState } from "../states/states";
import type { ZSla } from "../flow/flow-parts";
import { toLabelList } from "../flow/labels";
import { durationMs } from "../values/values";
import { mergeLabels } from "../executions/create-execution";
import type { ExecutionSession } from "../task-runs/execution-session";
import { renderInSession } from "../task-runs/render-in-session";
import type { StoredRun } from "../task-runs/stored-run";
import { executionContext } from "../task-runs/template-context";

type TSla = z.infer<typeof ZSla>;

/** An SLA that did not hold, and why (Kestra's Violation). */
export interface SlaViolation {
  sla: TSla;
  reason: string;
}

/** Longest a timer may wait (setTimeout's limit); a longer SLA is re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Arms one timer per MAX_DURATION SLA, measured from when the execution started running; each
 * calls `onViolation` once. Returns what disarms them (the execution ended first).
 */
export function watchMaxDuration(
  session: Pick<ExecutionSession, "flow">,
  startedAt: Date,
  onViolation: (v: SlaViolation) => void,
): () => void {
  const timers: NodeJS.Timeout[] = [];
  for (const sla of session.flow.sla ?? []) {
    if (sla.type !== "MAX_DURATION") continue;
    const limit = durationMs(sla.duration, `sla ${sla.id} duration`);
    if (limit === undefined) continue;
    const arm = () => {
      const left = startedAt.getTime() + limit - Date.now();
      if (left > 0) return void timers.push(setTimeout(arm, Math.min(left, MAX_TIMER_MS)));
      onViolation({
        sla,
        reason: `execution duration of ${Date.now() - startedAt.getTime()} ms exceeds the maximum duration of ${String(sla.duration)}`,
      });
    };
    arm();
  }
  return () => timers.forEach(clearTimeout);
}

/** The first EXECUTION_ASSERTION SLA whose `assert` is false once the execution is about to end `state`. */
export async function failedAssertion(
  session: ExecutionSession,
  runs: readonly StoredRun[],
  state: TState,
): Promise<SlaViolation | null> {
  for (const sla of session.flow.sla ?? []) {
    if (sla.type !== "EXECUTION_ASSERTION" || sla.assert === undefined) continue;
    const base = executionContext(session, runs, sla.assert);
    const vars = { ...base, execution: { ...base.execution, state } };
    let holds: boolean;
    try {
      holds = isTruthy((await renderInSession(session, { value: sla.assert, vars })).value);
    } catch (err) {
      return { sla, reason: `assertion could not be evaluated: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (!holds) return { sla, reason: `assertion is false: ${sla.assert}` };
  }
  return null;
}

/**
 * Applies a violation as Kestra does: a log line, the SLA's labels added to the execution, and
 * the state it ends in (FAIL: FAILED, CANCEL: CANCELLED; NONE: null, it goes on).
 */
export async function applyViolation(session: ExecutionSession, { sla, reason }: SlaViolation): Promise<TState | null> {
  const state: TState | null =
    sla.behavior === "FAIL" ? State.FAILED : sla.behavior === "CANCEL" ? State.CANCELLED : null;
  const message =
    state === State.FAILED
      ? `Execution failed due to SLA '${sla.id}' violated: ${reason}`
      : state === State.CANCELLED
        ? `Execution cancelled due to SLA '${sla.id}' violated: ${reason}`
        : `SLA '${sla.id}' violated: ${reason}`;
  session.writer.append({
    taskRunId: null,
    taskId: null,
    stream: "system",
    level: state === State.FAILED ? "ERROR" : "WARN",
    message,
  });
  const added = toLabelList(sla.labels);
  if (added.length) {
    const { db } = session.deps;
    const row = await db.execution.findUniqueOrThrow({ where: { id: session.execution.id }, select: { labels: true } });
    const labels = JSON.stringify(
      mergeLabels(JSON.parse(row.labels ?? "[]") as { key: string; value: string }[], added),
    );
    await db.execution.update({ where: { id: session.execution.id }, data: { labels } });
    session.execution.labels = labels;
  }
  return state;
}
