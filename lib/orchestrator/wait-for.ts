import { isTruthy } from "../engine/truth";
import { durationMs, toBool, toNumber } from "../values/values";
import { OUTPUT_DIR, WORKING_DIR } from "../runner/script-spec";
import type { ExecutionSession } from "../task-runs/execution-session";
import type { StoredRun } from "../task-runs/stored-run";
import { renderInSession } from "../task-runs/render-in-session";
import { templateContext } from "../task-runs/template-context";

export const WAIT_FOR_TYPE = "io.kestra.plugin.core.flow.WaitFor";

/** Kestra's checkFrequency defaults: 100 rounds, an hour, a second between rounds. */
const DEFAULTS = { maxIterations: 100, maxDurationMs: 3_600_000, intervalMs: 1_000 };

/**
 * After a WaitFor round ended well: waits its `interval`, renders `condition`, and either ends the
 * loop (the condition holds, or a limit was reached: FAILED only with `failOnMaxReached`) or opens
 * the next round. The loop reads the outcome from the task run's outputs.
 */
export async function checkWaitFor(
  session: ExecutionSession,
  run: StoredRun,
  runs: readonly StoredRun[],
  signal: AbortSignal,
): Promise<void> {
  try {
    await check(session, run, runs, signal);
  } catch (err) {
    // A condition that cannot be rendered ends the loop FAILED, with the reason in the log.
    const message = session.masker.mask(`WaitFor condition: ${err instanceof Error ? err.message : String(err)}`);
    session.writer.append({ taskRunId: run.id, taskId: run.taskId, stream: "system", level: "ERROR", message });
    await session.deps.db.taskRun.update({
      where: { id: run.id },
      data: {
        outputs: JSON.stringify({ ...JSON.parse(run.outputs ?? "{}"), checking: false, done: true, failed: true }),
      },
    });
  }
}

async function check(
  session: ExecutionSession,
  run: StoredRun,
  runs: readonly StoredRun[],
  signal: AbortSignal,
): Promise<void> {
  const { db } = session.deps;
  const task = session.tasks.get(run.taskId)!;
  const outputs = JSON.parse(run.outputs ?? "{}") as Record<string, unknown>;
  await db.taskRun.update({ where: { id: run.id }, data: { outputs: JSON.stringify({ ...outputs, checking: true }) } });
  const frequency = (task.checkFrequency ?? {}) as Record<string, unknown>;
  const interval = durationMs(frequency.interval, "checkFrequency.interval") ?? DEFAULTS.intervalMs;
  const maxIterations = toNumber(frequency.maxIterations, "checkFrequency.maxIterations") ?? DEFAULTS.maxIterations;
  const maxDuration = durationMs(frequency.maxDuration, "checkFrequency.maxDuration") ?? DEFAULTS.maxDurationMs;
  const iteration = Number(outputs.iteration ?? 1);
  const vars = templateContext(
    session,
    run,
    runs,
    { attempt: 1, workingDir: WORKING_DIR, outputDir: OUTPUT_DIR },
    task.condition,
  );
  const result = await renderInSession(session, { value: { condition: task.condition }, vars });
  const holds = isTruthy((result.value as { condition: unknown }).condition);
  const elapsed = Date.now() - (run.startedAt ?? run.createdAt).getTime();
  const limited = !holds && (iteration >= maxIterations || elapsed >= maxDuration);
  const next = { ...outputs, iterationCount: iteration, checking: false };
  if (holds || limited) {
    await db.taskRun.update({
      where: { id: run.id },
      data: {
        outputs: JSON.stringify({
          ...next,
          done: true,
          failed: limited && toBool(task.failOnMaxReached, "failOnMaxReached", false),
        }),
      },
    });
    return;
  }
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, interval);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
  await db.taskRun.update({
    where: { id: run.id },
    data: { outputs: JSON.stringify({ ...next, iteration: iteration + 1 }) },
  });
}
