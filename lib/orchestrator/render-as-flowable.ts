import { OUTPUT_DIR, WORKING_DIR } from "../runner/script-spec";
import type { ExecutionSession } from "../task-runs/execution-session";
import { renderInSession } from "../task-runs/render-in-session";
import type { StoredRun } from "../task-runs/stored-run";
import { templateContext } from "../task-runs/template-context";

/** A value rendered with a flowable's run variables (its own task run, first attempt). */
export async function renderAsFlowable(
  session: ExecutionSession,
  run: StoredRun,
  runs: readonly StoredRun[],
  value: unknown,
): Promise<unknown> {
  const vars = templateContext(
    session,
    run,
    runs,
    { attempt: 1, workingDir: WORKING_DIR, outputDir: OUTPUT_DIR },
    value,
  );
  return (await renderInSession(session, { value, vars })).value;
}
