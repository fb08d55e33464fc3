import nunjucks from "nunjucks";
import { installSandbox } from "./sandbox";

installSandbox();

/** What `{{ … }}` expressions can read (Kestra's names). */
export interface TemplateContext {
  flow: { id: string; namespace: string; revision: number };
  execution: { id: string; startDate: string; originalId?: string };
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  taskrun?: { id: string; startDate: string; attemptsCount: number; value?: string; parentId?: string };
  task?: { id: string; type: string };
  /** The flow's `variables`. */
  vars?: Record<string, unknown>;
  /** The closest ancestor task run, and all of them closest first (in a ForEach: `parent.taskrun.value`). */
  parent?: Record<string, unknown>;
  parents?: Record<string, unknown>[];
  /** Execution labels by key, and what started the execution (a parent flow's ids for a subflow). */
  labels?: Record<string, string>;
  trigger?: Record<string, unknown>;
  workingDir?: string;
  outputDir?: string;
  /** Resolves `secret('NAME')`; throws when the secret does not exist. */
  secret: (name: string) => string;
}

export class TemplateError extends Error {
  constructor(message: string, readonly template: string) {
    super(message);
    this.name = "TemplateError";
  }
}

// No loader: `include`, `import` and `extends` cannot read files (null would mean a FileSystemLoader on ./views in Node).
const env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: false, trimBlocks: false });
for (const name of Object.keys((env as unknown as { globals: Record<string, unknown> }).globals)) {
  delete (env as unknown as { globals: Record<string, unknown> }).globals[name];
}
env.addFilter("json", (v: unknown) => JSON.stringify(v));
env.addFilter("toJson", (v: unknown) => JSON.stringify(v));
env.addFilter("fromJson", (v: unknown) => (typeof v === "string" ? (JSON.parse(v) as unknown) : v));
env.addFilter("base64encode", (v: unknown) => Buffer.from(String(v)).toString("base64"));
env.addFilter("base64decode", (v: unknown) => Buffer.from(String(v), "base64").toString("utf8"));
env.addFilter("urlencode", (v: unknown) => encodeURIComponent(String(v)));
env.addFilter("startsWith", (v: unknown, p: unknown) => String(v).startsWith(String(p)));
env.addFilter("endsWith", (v: unknown, p: unknown) => String(v).endsWith(String(p)));

const EXPRESSION = /\{\{|\{%/;

export function hasExpression(text: string): boolean {
  return EXPRESSION.test(text);
}

/** Renders one string; text without `{{`/`{%` is returned as is, without touching the engine. */
export function renderString(template: string, ctx: TemplateContext): string {
  if (!hasExpression(template)) return template;
  try {
    return env.renderString(template, { ...ctx, secret: (name: unknown) => ctx.secret(String(name)) });
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).replace(/^\(unknown path\)\s*/, "").replace(/\s+/g, " ").trim();
    throw new TemplateError(`cannot render "${template.length > 80 ? `${template.slice(0, 77)}...` : template}": ${message}`, template);
  }
}

/** Renders every string inside a value (objects and arrays are walked, keys kept as written). */
export function renderDeep<T>(value: T, ctx: TemplateContext): T {
  if (typeof value === "string") return renderString(value, ctx) as T;
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, ctx)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderDeep(v, ctx);
    return out as T;
  }
  return value;
}
