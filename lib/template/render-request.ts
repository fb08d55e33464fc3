import { type KvSnapshot, kvFunction } from "../kv/kv-lookup";
import { MASK } from "../secrets/secret-masker";
import { renderDeep, type TemplateContext } from "./render";

/** A render sent to a template worker: plain data only (it crosses a thread). */
export interface RenderRequest {
  value: unknown;
  /** The task's variables without `secret`: flow, execution, inputs, outputs, taskrun, … */
  vars: Omit<TemplateContext, "secret">;
  /** Secrets of the namespace by name; absent when nothing asks for one. */
  secrets?: Record<string, string>;
  /** Also render the copy that is stored and shown, with every `secret()` as ****. */
  display?: boolean;
  /** Most characters the rendered value may hold. */
  maxOutputChars: number;
  /** Most evaluation steps one expression may take (OSPREY_TEMPLATE_MAX_STEPS). */
  maxSteps?: number;
  /** What `errorLogs()` returns: the execution's first ERROR lines (read only when the value asks). */
  errorLogs?: Record<string, unknown>[];
  /** What `kv()` may read (loaded only when the value calls it). */
  kv?: KvSnapshot;
}

export interface RenderResult {
  value: unknown;
  /** The stored, displayed copy: what a secret computed is ****, never its value. */
  display?: unknown;
  /** Names of the secrets the value read, so their values can be masked from the logs. */
  usedSecrets: string[];
}

/**
 * Renders a request (synchronously: this runs inside a template worker). Rendering twice, once
 * with the real secrets and once with ****, is how the displayed copy hides secrets and anything
 * computed from them, instead of searching the value for them afterwards.
 */
export function runRenderRequest(request: RenderRequest): RenderResult {
  const used = new Set<string>();
  const secrets = request.secrets ?? {};
  const secret = (name: string) => {
    if (!Object.prototype.hasOwnProperty.call(secrets, name)) throw new Error(`secret ${name} is not defined for namespace ${request.vars.flow.namespace}`);
    used.add(name);
    return secrets[name];
  };
  const kv = request.kv ? kvFunction(request.kv, request.vars.flow.namespace) : undefined;
  const limits = { maxSteps: request.maxSteps, maxOutputChars: request.maxOutputChars, errorLogs: request.errorLogs };
  const value = renderDeep(request.value, { ...request.vars, secret, kv }, limits);
  checkSize(value, request.maxOutputChars);
  const display = request.display && used.size > 0 ? renderDeep(request.value, { ...request.vars, secret: (name) => (secret(name), MASK), kv }, limits) : undefined;
  return { value, display: request.display ? (display ?? value) : undefined, usedSecrets: [...used] };
}

export class TemplateLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemplateLimitError";
  }
}

function checkSize(value: unknown, max: number): void {
  let total = 0;
  const walk = (v: unknown): void => {
    if (typeof v === "string") total += v.length;
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
    if (total > max) throw new TemplateLimitError(`expressions rendered more than ${max} characters (OSPREY_TEMPLATE_MAX_OUTPUT_CHARS)`);
  };
  walk(value);
}
