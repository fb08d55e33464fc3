import type { ExecutionSession } from "../task-runs/execution-session";
import type { StoredRun } from "../task-runs/stored-run";
import { renderInSession } from "../task-runs/render-in-session";
import { executionContext } from "../task-runs/template-context";

type FlowOutput = { id: string; type: string; value: unknown };

/**
 * The flow's `outputs`, rendered when its tasks have ended (Kestra: `execution.outputs`, and a
 * parent's `outputs.<subflow>.outputs.<id>`), each read as its declared type.
 */
export async function renderFlowOutputs(
  session: ExecutionSession,
  runs: readonly StoredRun[],
): Promise<Record<string, unknown> | null> {
  const declared = (session.flow.outputs ?? []) as FlowOutput[];
  if (declared.length === 0) return null;
  const values = Object.fromEntries(declared.map((o) => [o.id, o.value]));
  const result = await renderInSession(session, { value: values, vars: executionContext(session, runs, values) });
  const rendered = result.value as Record<string, unknown>;
  return Object.fromEntries(declared.map((o) => [o.id, typed(o, rendered[o.id])]));
}

function typed(output: FlowOutput, value: unknown): unknown {
  if (typeof value !== "string") return value;
  switch (output.type) {
    case "INT":
    case "FLOAT": {
      const n = Number(value);
      if (!Number.isFinite(n) || (output.type === "INT" && !Number.isInteger(n)))
        throw new Error(`output ${output.id}: expected ${output.type}, got "${value}"`);
      return n;
    }
    case "BOOLEAN":
      if (value !== "true" && value !== "false")
        throw new Error(`output ${output.id}: expected BOOLEAN, got "${value}"`);
      return value === "true";
    case "JSON":
    case "ARRAY":
      return JSON.parse(value) as unknown;
    default:
      return value;
  }
}
