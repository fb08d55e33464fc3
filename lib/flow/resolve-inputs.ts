import { runInNewContext } from "node:vm";
import { parse as parseYaml } from "yaml";
import { AppError } from "../errors/app-error";
import type { TFlowInput } from "./flow-inputs";
import { ZDuration } from "./task-types/common";

// Server-side (a validator runs in a vm with a timeout); the schema in flow-inputs.ts also runs in the browser.

/**
 * Values given for a run, checked and typed against the flow's declared inputs (defaults filled
 * in), as Kestra reads them; a dotted id nests (`a.b` → `inputs.a.b`). Every problem is reported.
 */
export function resolveInputs(declared: TFlowInput[], given: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const input of declared) {
    const raw = given[input.id] ?? input.defaults;
    if (raw === undefined || raw === null || (raw === "" && input.type !== "STRING")) {
      if (input.required !== false && !(raw === "" && input.type === "STRING")) problems.push(`input ${input.id} is required`);
      continue;
    }
    try {
      setPath(out, input.id, coerce(input, raw));
    } catch (err) {
      problems.push(`input ${input.id}: ${(err as Error).message}`);
    }
  }
  for (const key of Object.keys(given)) if (!declared.some((d) => d.id === key)) problems.push(`input ${key} is not declared by the flow`);
  if (problems.length) throw new AppError("BAD_REQUEST", problems.join("; "), problems.map((message) => ({ message })));
  return out;
}

function setPath(target: Record<string, unknown>, id: string, value: unknown): void {
  const parts = id.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts.at(-1)!] = value;
}

function coerce(input: TFlowInput, raw: unknown): unknown {
  switch (input.type) {
    case "STRING":
      return checkString(input, String(raw));
    case "INT":
    case "FLOAT": {
      const n = typeof raw === "number" ? raw : Number(String(raw).trim());
      if (!Number.isFinite(n) || String(raw).trim() === "" || (input.type === "INT" && !Number.isInteger(n))) throw new Error(`expected ${input.type === "INT" ? "an integer" : "a number"}, got "${String(raw)}"`);
      if (typeof input.min === "number" && n < input.min) throw new Error(`must be at least ${input.min}`);
      if (typeof input.max === "number" && n > input.max) throw new Error(`must be at most ${input.max}`);
      return n;
    }
    case "BOOLEAN":
    case "BOOL":
      if (raw === true || raw === "true") return true;
      if (raw === false || raw === "false") return false;
      throw new Error(`expected true or false, got "${String(raw)}"`);
    case "SELECT":
    case "ENUM":
      return checkChoice(input, String(raw));
    case "MULTISELECT":
      return listOf(raw).map((v) => checkChoice(input, String(v)));
    case "DATETIME":
      return checkOrder(input, isoInstant(raw), (v) => isoInstant(v));
    case "DATE":
      return checkOrder(input, matchText(raw, /^\d{4}-\d{2}-\d{2}$/, "a date such as 2026-01-31"), String);
    case "TIME":
      return checkOrder(input, matchText(raw, /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/, "a time such as 14:30:00"), String);
    case "DURATION": {
      const text = String(raw);
      if (!ZDuration.safeParse(text).success) throw new Error(`expected an ISO-8601 duration such as PT5M, got "${text}"`);
      return text;
    }
    case "JSON":
      return typeof raw === "string" ? parseText(raw, JSON.parse, "JSON") : raw;
    case "YAML":
      return typeof raw === "string" ? parseText(raw, parseYaml, "YAML") : raw;
    case "URI":
      return matchText(raw, /^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/, "a URI such as https://example.com/data.csv");
    case "EMAIL":
      return matchText(raw, /^[^\s@]+@[^\s@]+\.[^\s@]+$/, "an email address");
    case "FILE":
      return String(raw);
    case "ARRAY": {
      const item = input.itemType ?? "STRING";
      return listOf(raw).map((v) => coerce({ ...input, type: item, itemType: undefined }, v));
    }
    case "SECRET":
      throw new Error("SECRET inputs are accepted in flows, but Osprey cannot take one for a run yet (it would be stored in clear); use a namespace secret");
  }
}

function checkString(input: TFlowInput, value: string): string {
  if (input.minLength !== undefined && value.length < input.minLength) throw new Error(`must be at least ${input.minLength} characters`);
  if (input.maxLength !== undefined && value.length > input.maxLength) throw new Error(`must be at most ${input.maxLength} characters`);
  if (input.validator !== undefined && !fullMatch(input.validator, value)) throw new Error(`must match ${input.validator}`);
  return value;
}

/** Longest a flow author's `validator` may run: it runs on the server's thread, so a regex that backtracks for ever is cut off. */
const VALIDATOR_TIMEOUT_MS = 100;

function fullMatch(pattern: string, value: string): boolean {
  try {
    return runInNewContext("new RegExp(pattern).test(value)", { pattern: `^(?:${pattern})$`, value }, { timeout: VALIDATOR_TIMEOUT_MS }) === true;
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") throw new Error(`the validator ${pattern} took longer than ${VALIDATOR_TIMEOUT_MS} ms on this value`);
    throw new Error(`the validator ${pattern} is not a valid regular expression`);
  }
}

function checkChoice(input: TFlowInput, value: string): string {
  if (input.values && !input.allowCustomValue && !input.values.includes(value)) throw new Error(`must be one of ${input.values.join(", ")}`);
  return value;
}

function checkOrder(input: TFlowInput, value: string, normal: (v: unknown) => string): string {
  if (input.after !== undefined && value <= normal(input.after instanceof Date ? input.after.toISOString() : input.after)) throw new Error(`must be after ${String(input.after)}`);
  if (input.before !== undefined && value >= normal(input.before instanceof Date ? input.before.toISOString() : input.before)) throw new Error(`must be before ${String(input.before)}`);
  return value;
}

function isoInstant(raw: unknown): string {
  const date = raw instanceof Date ? raw : new Date(String(raw));
  if (Number.isNaN(date.getTime())) throw new Error(`expected a date-time such as 2026-01-31T12:00:00Z, got "${String(raw)}"`);
  return date.toISOString();
}

function matchText(raw: unknown, pattern: RegExp, what: string): string {
  const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw);
  if (!pattern.test(text)) throw new Error(`expected ${what}, got "${text}"`);
  return text;
}

function listOf(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  const text = String(raw).trim();
  if (text.startsWith("[")) {
    const parsed = parseText(text, JSON.parse, "JSON");
    if (Array.isArray(parsed)) return parsed;
  }
  return text === "" ? [] : text.split(",").map((v) => v.trim());
}

function parseText(text: string, parse: (t: string) => unknown, what: string): unknown {
  try {
    return parse(text);
  } catch {
    throw new Error(`expected ${what}, got "${text.slice(0, 40)}"`);
  }
}
