import { PebbleError, type PebbleFunction, type PebbleUndefinedError, renderTemplate } from "./pebble";

/** What `{{ … }}` expressions can read (Kestra's names). */
export interface TemplateContext {
  flow: { id: string; namespace: string; revision: number; tenantId?: string };
  execution: { id: string; startDate: string; originalId?: string; state?: string };
  inputs?: Record<string, unknown>;
  outputs: Record<string, unknown>;
  taskrun?: {
    id: string;
    startDate: string;
    attemptsCount: number;
    value?: string;
    iteration?: number;
    parentId?: string;
  };
  task?: { id: string; type: string };
  /** The flow's `variables`. */
  vars?: Record<string, unknown>;
  /** The closest ancestor task run, and all of them closest first (in a ForEach: `parent.taskrun.value`). */
  parent?: Record<string, unknown>;
  parents?: Record<string, unknown>[];
  /** Execution labels by key, and what started the execution (a parent flow's ids for a subflow). */
  labels?: Record<string, unknown>;
  trigger?: Record<string, unknown>;
  /** Kestra's `envs` (the server's ENV_-prefixed environment) and `globals` (server-wide values). */
  envs?: Record<string, string>;
  globals?: Record<string, unknown>;
  workingDir?: string;
  outputDir?: string;
  /** Resolves `secret('NAME')`; throws when the secret does not exist. */
  secret: (name: string) => string;
  /** Resolves `kv('key', namespace?, errorOnMissing?)` (see lib/kv/kv-lookup.ts); absent: kv() fails. */
  kv?: (key: string, namespace: string | undefined, errorOnMissing: boolean) => unknown;
  /** Resolves `read('path')` (a namespace file, or an `osprey:///` file URI) to its text; absent: read() fails. */
  read?: (path: string, namespace?: string) => string;
}

/** Bounds of one render (beside the process's own time and heap limits). */
export interface RenderLimits {
  maxSteps?: number;
  maxOutputChars?: number;
  /** Kestra's `errorLogs()`: the execution's ERROR log entries, oldest first. */
  errorLogs?: Record<string, unknown>[];
}

export class TemplateError extends Error {
  constructor(
    message: string,
    readonly template: string,
  ) {
    super(message);
    this.name = "TemplateError";
  }
}

const EXPRESSION = /\{\{|\{%|\{#/;

export function hasExpression(text: string): boolean {
  return EXPRESSION.test(text);
}

/**
 * Renders one string as Kestra does (Pebble, strict variables); text without `{{`, `{%` or `{#` is
 * returned as is, without touching the engine.
 */
export function renderString(template: string, ctx: TemplateContext, limits: RenderLimits = {}): string {
  if (!hasExpression(template)) return template;
  const { secret, kv, read, ...vars } = ctx;
  const { errorLogs, ...budget } = limits;
  const functions: Record<string, PebbleFunction> = {
    secret: { argumentNames: ["key"], execute: (args) => secret(String(args.key)) },
    errorLogs: () => errorLogs ?? [],
    kv: {
      argumentNames: ["key", "namespace", "errorOnMissing"],
      execute: (args) => {
        if (!kv) throw new Error("kv() is not available here");
        if (args.key === undefined || args.key === null)
          throw new Error("The 'kv' function expects an argument 'key'.");
        // Kestra ≥ 0.22: a missing key is an error unless errorOnMissing=false.
        return kv(
          String(args.key),
          args.namespace === undefined || args.namespace === null ? undefined : String(args.namespace),
          args.errorOnMissing !== false,
        );
      },
    },
    read: {
      argumentNames: ["path", "namespace"],
      execute: (args) => {
        if (args.path === undefined || args.path === null)
          throw new Error("read() expects `path`: a namespace file's path or a kestra:// file URI");
        if (!read) throw new Error("read() cannot be used here");
        return read(
          String(args.path),
          args.namespace === undefined || args.namespace === null ? undefined : String(args.namespace),
        );
      },
    },
  };
  try {
    return renderTemplate(template, vars as Record<string, unknown>, { functions, ...budget });
  } catch (err) {
    // A missing variable in Kestra's words (VariableRenderer.properPebbleException), which flows' tests match.
    if (PebbleError.is(err) && err.kind === "undefined")
      throw new TemplateError(
        `Unable to find \`${(err as PebbleUndefinedError).attribute}\` used in the expression \`${shortened(template, 1000)}\` at line ${err.position?.line ?? 1}`,
        template,
      );
    const message = (PebbleError.is(err) || err instanceof Error ? err.message : String(err))
      .replace(/\s+/g, " ")
      .trim();
    throw new TemplateError(`cannot render "${shortened(template, 80)}": ${message}`, template);
  }
}

/** Renders every string inside a value (objects and arrays are walked, keys kept as written). */
export function renderDeep<T>(
  value: T,
  ctx: TemplateContext,
  limits: RenderLimits = {},
  onError?: (source: string, err: unknown) => string,
): T {
  if (typeof value === "string") {
    if (!onError) return renderString(value, ctx, limits) as T;
    try {
      return renderString(value, ctx, limits) as T;
    } catch (err) {
      return onError(value, err) as T;
    }
  }
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, ctx, limits, onError)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderDeep(v, ctx, limits, onError);
    return out as T;
  }
  return value;
}

function shortened(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
