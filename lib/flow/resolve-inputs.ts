import { runInNewContext } from "node:vm";
import { AppError } from "../errors/app-error";
import type { TFlowInput } from "./flow-inputs";
import { checkInputs, type RegexTest } from "./input-rules";

// Server-side: the rules are input-rules.ts (shared with the Run dialog); here a validator runs in a vm with a timeout.

/**
 * Values given for a run, checked and typed against the flow's declared inputs (defaults filled
 * in), as Kestra reads them; a dotted id nests (`a.b` → `inputs.a.b`). Every problem is reported.
 * An input whose `dependsOn` inputs have no valid value is left out; an optional one with neither
 * value nor default is null (Kestra's FlowInputOutput: `{{ inputs.x }}` renders "").
 */
export function resolveInputs(declared: TFlowInput[], given: Record<string, unknown>): Record<string, unknown> {
  const { values, errors, waiting } = checkInputs(declared, given, timedRegexTest);
  const problems = Object.entries(errors).map(([id, message]) =>
    message === "is required" ? `input ${id} is required` : `input ${id}: ${message}`,
  );
  for (const key of Object.keys(given))
    if (!declared.some((d) => d.id === key)) problems.push(`input ${key} is not declared by the flow`);
  if (problems.length)
    throw new AppError(
      "BAD_REQUEST",
      problems.join("; "),
      problems.map((message) => ({ message })),
    );
  const out: Record<string, unknown> = {};
  for (const { id } of declared) if (!(id in values) && !waiting.includes(id)) setPath(out, id, null);
  for (const [id, value] of Object.entries(values)) setPath(out, id, value);
  return out;
}

function setPath(target: Record<string, unknown>, id: string, value: unknown): void {
  const parts = id.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts.at(-1)!] = value;
}

/** Longest a flow author's `validator` may run: it runs on the server's thread, so a regex that backtracks for ever is cut off. */
const VALIDATOR_TIMEOUT_MS = 100;

const timedRegexTest: RegexTest = (pattern, value) => {
  try {
    return (
      runInNewContext(
        "new RegExp(pattern).test(value)",
        { pattern: `^(?:${pattern})$`, value },
        { timeout: VALIDATOR_TIMEOUT_MS },
      ) === true
    );
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT")
      throw new Error(`the validator ${pattern} took longer than ${VALIDATOR_TIMEOUT_MS} ms on this value`);
    throw new Error(`the validator ${pattern} is not a valid regular expression`);
  }
};
