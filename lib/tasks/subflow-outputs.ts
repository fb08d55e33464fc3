import { parseFlowCached } from "../flow/parse-flow-cached";
import { loadRunsOf } from "../task-runs/stored-run";
import { executionContext } from "../task-runs/template-context";
import type { TaskContext } from "./task-context";
import { withSource } from "../flows/execution-source";

/**
 * Subflow's deprecated `outputs` map (Kestra's "[deprecated] Subflow outputs feature"): used only
 * when the child flow declares no `outputs` of its own, and rendered once the child has ended,
 * against the child's variables (its tasks' outputs, inputs, labels), as Kestra renders it in the
 * child's run context.
 */
export async function renderDeprecatedOutputs(
  ctx: TaskContext,
  childId: string,
  outputs: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { db, templates, config } = ctx.deps;
  const child = await withSource(db, await db.execution.findUniqueOrThrow({ where: { id: childId } }));
  const parsed = parseFlowCached(child.source);
  if (!parsed.ok) throw new Error(`the subflow's revision is no longer valid: ${parsed.problems[0]?.message}`);
  const runs = await loadRunsOf(db, childId);
  const session = {
    execution: child,
    inputs: JSON.parse(child.inputs ?? "{}") as Record<string, unknown>,
    flow: parsed.flow,
    tasks: new Map(),
    deps: { config },
  };
  const rendered = await templates.render({
    value: outputs,
    vars: executionContext(session, runs, outputs),
    maxOutputChars: config.OSPREY_TEMPLATE_MAX_OUTPUT_CHARS,
  });
  return rendered.value as Record<string, unknown>;
}
