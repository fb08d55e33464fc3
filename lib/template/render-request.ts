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
  /** What `read()` returns, by `readKey(path, namespace)`: the files earlier rounds asked for. */
  files?: Record<string, string>;
}

/** A file `read()` asked for that the request did not carry (the server loads it and renders again). */
export interface FileToRead {
  path: string;
  namespace?: string;
}

export function readKey(file: FileToRead): string {
  return JSON.stringify([file.path, file.namespace ?? null]);
}

export interface RenderResult {
  value: unknown;
  /** The stored, displayed copy: what a secret computed is ****, never its value. */
  display?: unknown;
  /** Names of the secrets the value read, so their values can be masked from the logs. */
  usedSecrets: string[];
  /** Set instead of a value: files `read()` needs that the request did not carry. */
  missingFiles?: FileToRead[];
}

/**
 * Renders a request (synchronously: this runs inside a template worker). Rendering twice, once
 * with the real secrets and once with ****, is how the displayed copy hides secrets and anything
 * computed from them, instead of searching the value for them afterwards.
 */
export function runRenderRequest(request: RenderRequest): RenderResult {
  const used = new Set<string>();
  const secrets = request.secrets ?? {};
  const secret = (asked: string) => {
    // Kestra's SecretService upper-cases names (SECRET_MY_SECRET is secret('my_secret')): exact first, then any case.
    const name = Object.hasOwn(secrets, asked)
      ? asked
      : Object.keys(secrets).find((key) => key.toUpperCase() === asked.toUpperCase());
    if (name === undefined)
      throw new Error(`secret ${asked} is not defined for namespace ${request.vars.flow.namespace}`);
    used.add(name);
    return secrets[name];
  };
  // Reading a file is I/O, which this process does not do: a file not in the request is noted and
  // the render stops; the server loads it and sends the request again with it.
  const files = request.files ?? {};
  const missing = new Map<string, FileToRead>();
  const read = (path: string, namespace?: string) => {
    const key = readKey({ path, namespace });
    if (Object.hasOwn(files, key)) return files[key];
    missing.set(key, namespace === undefined ? { path } : { path, namespace });
    throw new Error(`read('${path}'): the file is not loaded yet`);
  };
  const needsFiles = (): RenderResult => ({
    value: undefined,
    usedSecrets: [...used],
    missingFiles: [...missing.values()],
  });
  const kv = request.kv ? kvFunction(request.kv, request.vars.flow.namespace) : undefined;
  const limits = { maxSteps: request.maxSteps, maxOutputChars: request.maxOutputChars, errorLogs: request.errorLogs };
  let value: unknown;
  try {
    value = renderDeep(request.value, { ...request.vars, secret, kv, read }, limits);
  } catch (err) {
    if (missing.size > 0) return needsFiles();
    throw err;
  }
  // An expression may have swallowed read()'s failure (a `default`): it still needs the file.
  if (missing.size > 0) return needsFiles();
  checkSize(value, request.maxOutputChars);
  const display =
    request.display && used.size > 0
      ? // A value computed from a secret may not render from ****: it is shown as **** whole.
        renderDeep(
          request.value,
          { ...request.vars, secret: (name) => (secret(name), MASK), kv, read },
          limits,
          () => MASK,
        )
      : undefined;
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
    if (total > max)
      throw new TemplateLimitError(
        `expressions rendered more than ${max} characters (OSPREY_TEMPLATE_MAX_OUTPUT_CHARS)`,
      );
  };
  walk(value);
}
