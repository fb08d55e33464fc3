import { config } from "../config";
import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import type { TFlowInput } from "../flow/flow-inputs";
import { kvSnapshotFor } from "../kv/kv-snapshot-for";
import { kvFunction } from "../kv/kv-lookup";
import { renderString } from "../template/render";

/** Most steps one input's expression may take: it runs on the request's thread (as flow checks do). */
const MAX_STEPS = 100_000;

interface FlowRef {
  namespace: string;
  id: string;
  revision: number;
  /** The flow's `variables`, read as `vars`. */
  variables?: Record<string, unknown>;
}

/**
 * Kestra's SELECT/MULTISELECT `expression`: the input's `values` are what it renders to, a list,
 * when the Run form opens and again when a run starts (so a run is checked against the list as it
 * is then). It reads `flow`, `vars` and `kv()`; not `secret()`, whose values would then be shown to
 * everyone who may run the flow. Inputs without an expression are returned as they are.
 */
export async function withExpressionValues(db: Db, flow: FlowRef, declared: TFlowInput[]): Promise<TFlowInput[]> {
  const { inputs, errors } = await renderExpressionValues(db, flow, declared);
  const problems = Object.values(errors);
  if (problems.length)
    throw new AppError(
      "BAD_REQUEST",
      problems.join("; "),
      problems.map((message) => ({ message })),
    );
  return inputs;
}

/** The same for the Run form: an input whose expression fails keeps no values, and its error is told apart. */
export async function renderExpressionValues(
  db: Db,
  flow: FlowRef,
  declared: TFlowInput[],
): Promise<{ inputs: TFlowInput[]; errors: Record<string, string> }> {
  const errors: Record<string, string> = {};
  const inputs = await Promise.all(
    declared.map(async (input) => {
      if (input.expression === undefined) return input;
      try {
        return { ...input, values: await renderValues(db, flow, input) };
      } catch (err) {
        errors[input.id] = (err as Error).message;
        return input;
      }
    }),
  );
  return { inputs, errors };
}

async function renderValues(db: Db, flow: FlowRef, input: TFlowInput): Promise<string[]> {
  const expression = (input.expression ?? "").trim();
  const kv = await kvSnapshotFor(db, expression, flow.namespace);
  let text: string;
  try {
    text = renderString(
      expression,
      {
        flow: { id: flow.id, namespace: flow.namespace, revision: flow.revision },
        execution: { id: "", startDate: new Date().toISOString() },
        inputs: {},
        outputs: {},
        ...(flow.variables ? { vars: flow.variables } : {}),
        secret: () => {
          throw new Error("secret() cannot be read by an input's expression: its values are shown in the Run form");
        },
        ...(kv ? { kv: kvFunction(kv, flow.namespace) } : {}),
      },
      { maxSteps: MAX_STEPS, maxOutputChars: config.OSPREY_TEMPLATE_MAX_OUTPUT_CHARS },
    );
  } catch (err) {
    throw new Error(`input ${input.id}: cannot render 'expression'. Cause: ${(err as Error).message}`);
  }
  const list = listOf(text);
  if (!list)
    throw new Error(
      `input ${input.id}: invalid expression result. Expected a list of strings, got "${text.slice(0, 80)}"`,
    );
  return list;
}

/** A rendered list (JSON text, as a list renders) as strings, nulls left out as Kestra does; null when it is not a list. */
function listOf(text: string): string[] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(value)) return null;
  return value.filter((v) => v !== null && v !== undefined).map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
}
