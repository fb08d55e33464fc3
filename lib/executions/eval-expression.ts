import type { Person } from "../auth/namespace-roles";
import { AppError } from "../errors/app-error";
import { readKey } from "../template/render-request";
import { type EvalContext, type EvalDeps, evalContext } from "./eval-context";
import { type EvalPosition, errorPosition } from "./eval-error-position";
import { kvForCaller, readForCaller } from "./eval-lookups";

/** Longest expression the debugger takes, in bytes (a flow's whole source is bounded apart). */
export const MAX_EXPRESSION_BYTES = 64 * 1024;
/** Most characters an answer may hold: it is shown in a page, not handed to a task. */
const MAX_RESULT_CHARS = 1_000_000;
/** Most distinct files one expression may `read()` (each is one more round to the template process). */
const MAX_READ_FILES = 20;

/** Kestra's EvalResult (`result` or `error`), with where the error is in the expression. */
export interface EvalResult {
  result: string | null;
  error: string | null;
  position?: EvalPosition;
}

/**
 * Kestra's "debug outputs": renders `expression` against an execution as its task would see it
 * (POST /api/v1/executions/{id}/eval[/{taskRunId}]), in the template processes under their time,
 * step and memory limits. Secrets render as ****, and any secret or SECRET input value in the
 * answer is masked as in logs. A render error is an answer (`error`), not a failed request.
 */
export async function evalExpression(
  deps: EvalDeps,
  caller: Person,
  executionId: string,
  taskRunId: string | undefined,
  expression: string,
): Promise<EvalResult> {
  if (Buffer.byteLength(expression) > MAX_EXPRESSION_BYTES)
    throw new AppError("PAYLOAD_TOO_LARGE", `an expression may be at most ${MAX_EXPRESSION_BYTES} bytes`);
  const context = await evalContext(deps, executionId, taskRunId);
  try {
    const value = await render(deps, caller, context, expression);
    return { result: context.masker.mask(String(value)), error: null };
  } catch (err) {
    if (!isRenderFailure(err)) throw err;
    const error = context.masker.mask(err.message);
    const position = errorPosition(err.message, expression);
    return { result: null, error, ...(position ? { position } : {}) };
  }
}

/** A file or KV value the expression asked for could not be given to it. */
class LookupError extends Error {
  override name = "LookupError";
}

/**
 * Whether an error is the expression's (an answer) rather than the server's. By name, not
 * `instanceof`: the template processes are shared through `globalThis`, so the renderer may come
 * from another bundle of the server, with its own copy of TemplateError.
 */
function isRenderFailure(err: unknown): err is Error {
  return err instanceof Error && (err.name === "TemplateError" || err.name === "LookupError");
}

/** Renders in a template process; files `read()` asks for are loaded here and the render sent again. */
async function render(deps: EvalDeps, caller: Person, context: EvalContext, expression: string): Promise<unknown> {
  const maxOutputChars = Math.min(context.config.OSPREY_TEMPLATE_MAX_OUTPUT_CHARS, MAX_RESULT_CHARS);
  const kv = await kvForCaller(deps, caller, expression, context.namespace);
  const files: Record<string, string> = {};
  let budget = maxOutputChars;
  for (let loaded = 0; ; ) {
    const result = await deps.templates.render({
      value: expression,
      vars: context.vars,
      secrets: context.secrets,
      maxOutputChars,
      kv,
      files,
    });
    if (!result.missingFiles?.length) return result.value;
    for (const file of result.missingFiles) {
      if (++loaded > MAX_READ_FILES)
        throw new LookupError(`read(): one expression may read at most ${MAX_READ_FILES} files`);
      const text = await readForCaller(
        deps,
        caller,
        context,
        file,
        Math.min(budget, context.config.OSPREY_MAX_NAMESPACE_FILE_BYTES),
      ).catch((err: unknown) => {
        throw new LookupError(err instanceof Error ? err.message : String(err));
      });
      budget -= text.length;
      files[readKey(file)] = text;
    }
  }
}
