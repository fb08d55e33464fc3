import { parse as parseYaml } from "yaml";
import { JsonDepthError, MAX_JSON_DEPTH, parseJsonWithin, valueDepth } from "../json/json-depth";
import type { TFlowInput } from "./flow-inputs";

// The one set of rules for a run's inputs, pure and browser-safe: the Run dialog checks each field
// with it as you type, and the server (resolve-inputs.ts) with it before an execution is created.

/** Whether a whole value matches a flow author's `validator`; the server runs it under a time budget. */
export type RegexTest = (pattern: string, value: string) => boolean;

/** In the browser a slow regex only slows the page that typed it, so a plain RegExp does. */
export const plainRegexTest: RegexTest = (pattern, value) => {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch {
    throw new Error(`the validator ${pattern} is not a valid regular expression`);
  }
  return re.test(value);
};

/** A file picked in the browser (a File) before upload: what the rules read of it. */
export interface PickedFile {
  name: string;
  size: number;
}

export interface InputCheck {
  /** Coerced values of the inputs that passed, by id (flat: `a.b` stays one key). */
  values: Record<string, unknown>;
  /** One message per input that failed, by id. */
  errors: Record<string, string>;
  /** Inputs left out because an input they depend on has no valid value yet. */
  waiting: string[];
}

const DURATION = /^P(?!$)(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const URI = /^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether nothing was given: absent, null, or empty text for any type but STRING (whose empty text is a value). */
export function isBlank(input: Pick<TFlowInput, "type">, raw: unknown): boolean {
  if (raw === undefined || raw === null) return true;
  if (raw === "") return input.type !== "STRING";
  return Array.isArray(raw) && raw.length === 0 && (input.type === "ARRAY" || input.type === "MULTISELECT");
}

/** The value used when none is given: `defaults`, else with `autoSelectFirst` the first of `values` (Kestra's getDefaults). */
export function defaultOf(input: TFlowInput): unknown {
  if (input.defaults !== undefined && input.defaults !== null) return input.defaults;
  const first = input.autoSelectFirst ? input.values?.[0] : undefined;
  if (first === undefined) return input.defaults;
  return input.type === "MULTISELECT" ? [first] : first;
}

/** Whether the input must have a value (Kestra: `required` defaults to true). */
export function isRequired(input: Pick<TFlowInput, "required">): boolean {
  return input.required !== false;
}

/**
 * Checks every declared input against the given values (defaults filled in) and `dependsOn`:
 * an input waits, neither required nor read, until every input it depends on has a valid value.
 */
export function checkInputs(
  declared: TFlowInput[],
  given: Record<string, unknown>,
  regexTest: RegexTest = plainRegexTest,
): InputCheck {
  const out: InputCheck = { values: {}, errors: {}, waiting: [] };
  const byId = new Map(declared.map((d) => [d.id, d]));
  const state = new Map<string, "busy" | "valid" | "invalid">();
  const visit = (input: TFlowInput): boolean => {
    const known = state.get(input.id);
    if (known) return known === "valid";
    state.set(input.id, "busy"); // a cycle reads as "not valid yet"
    const needs = input.dependsOn?.inputs ?? [];
    const ready = needs.every((id) => {
      const other = byId.get(id);
      return other !== undefined && visit(other) && id in out.values;
    });
    let ok = false;
    if (!ready) out.waiting.push(input.id);
    else {
      const raw = given[input.id] ?? defaultOf(input);
      if (isBlank(input, raw)) {
        if (isRequired(input)) out.errors[input.id] = "is required";
        else ok = true;
      } else {
        try {
          out.values[input.id] = coerceInput(input, raw, regexTest);
          ok = true;
        } catch (err) {
          out.errors[input.id] = (err as Error).message;
        }
      }
    }
    state.set(input.id, ok ? "valid" : "invalid");
    return ok;
  };
  for (const input of declared) visit(input);
  return out;
}

/** One value as the flow reads it (typed), or an Error saying what is wrong with it. */
export function coerceInput(input: TFlowInput, raw: unknown, regexTest: RegexTest = plainRegexTest): unknown {
  switch (input.type) {
    case "STRING":
    case "SECRET":
      return checkString(input, String(raw), regexTest);
    case "INT":
    case "FLOAT": {
      const n = typeof raw === "number" ? raw : Number(String(raw).trim());
      if (!Number.isFinite(n) || String(raw).trim() === "" || (input.type === "INT" && !Number.isInteger(n)))
        throw new Error(`expected ${input.type === "INT" ? "an integer" : "a number"}, got "${String(raw)}"`);
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
      return checkOrder(input, isoInstant(raw), isoInstant);
    case "DATE":
      return checkOrder(input, matchText(raw, DATE, "a date such as 2026-01-31"), String);
    case "TIME":
      return checkOrder(input, matchText(raw, TIME, "a time such as 14:30:00"), String);
    case "DURATION":
      return checkDuration(input, String(raw).trim());
    case "JSON":
      return typeof raw === "string" ? parseText(raw, parseJsonWithin, "JSON") : raw;
    case "YAML":
      return typeof raw === "string" ? parseText(raw, parseYamlWithin, "YAML") : raw;
    case "URI":
      return matchText(raw, URI, "a URI such as https://example.com/data.csv");
    case "EMAIL":
      return matchText(raw, EMAIL, "an email address");
    case "FILE":
      return checkFile(input, raw);
    case "ARRAY": {
      const item = input.itemType ?? "STRING";
      if (item === "ARRAY" || item === "FILE" || item === "SECRET")
        throw new Error(`an ARRAY cannot hold ${item} items`);
      return listOf(raw).map((v, i) => {
        try {
          return coerceInput({ ...input, type: item, itemType: undefined }, v, regexTest);
        } catch (err) {
          throw new Error(`item ${i + 1}: ${(err as Error).message}`);
        }
      });
    }
  }
}

function checkString(input: TFlowInput, value: string, regexTest: RegexTest): string {
  if (input.minLength !== undefined && value.length < input.minLength)
    throw new Error(`must be at least ${input.minLength} characters`);
  if (input.maxLength !== undefined && value.length > input.maxLength)
    throw new Error(`must be at most ${input.maxLength} characters`);
  if (input.validator !== undefined && !regexTest(input.validator, value))
    throw new Error(`must match ${input.validator}`);
  return value;
}

function checkChoice(input: TFlowInput, value: string): string {
  if (input.values && !input.allowCustomValue && !input.values.includes(value))
    throw new Error(`must be one of ${input.values.join(", ")}`);
  return value;
}

function checkOrder(input: TFlowInput, value: string, normal: (v: unknown) => string): string {
  const bound = (b: string | Date) => normal(b instanceof Date ? b.toISOString() : b);
  if (input.after !== undefined && value <= bound(input.after)) throw new Error(`must be after ${String(input.after)}`);
  if (input.before !== undefined && value >= bound(input.before))
    throw new Error(`must be before ${String(input.before)}`);
  return value;
}

function checkDuration(input: TFlowInput, text: string): string {
  if (!DURATION.test(text)) throw new Error(`expected an ISO-8601 duration such as PT5M, got "${text}"`);
  const ms = durationMs(text);
  if (typeof input.min === "string" && DURATION.test(input.min) && ms < durationMs(input.min))
    throw new Error(`must be at least ${input.min}`);
  if (typeof input.max === "string" && DURATION.test(input.max) && ms > durationMs(input.max))
    throw new Error(`must be at most ${input.max}`);
  return text;
}

/** Milliseconds of an ISO-8601 duration already matched by DURATION (days as 24 h, as Java's Duration). */
export function durationMs(text: string): number {
  const m = /^P(?:([\d.]+)D)?(?:T(?:([\d.]+)H)?(?:([\d.]+)M)?(?:([\d.]+)S)?)?$/i.exec(text);
  if (!m) return NaN;
  const [d, h, min, s] = m.slice(1).map((v) => (v ? Number(v) : 0));
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}

function checkFile(input: TFlowInput, raw: unknown): unknown {
  const picked =
    typeof raw === "object" && raw !== null && typeof (raw as PickedFile).name === "string"
      ? (raw as PickedFile)
      : null;
  if (!picked && (typeof raw !== "string" || !URI.test(raw)))
    throw new Error("expected a file, or the URI of a stored file");
  const name = picked ? picked.name : String(raw);
  if (input.extension && !name.toLowerCase().endsWith(input.extension.toLowerCase()))
    throw new Error(`must be a ${input.extension} file`);
  return raw;
}

function isoInstant(raw: unknown): string {
  const date = raw instanceof Date ? raw : new Date(String(raw));
  if (Number.isNaN(date.getTime()))
    throw new Error(`expected a date-time such as 2026-01-31T12:00:00Z, got "${String(raw)}"`);
  return date.toISOString();
}

function matchText(raw: unknown, pattern: RegExp, what: string): string {
  const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw);
  if (!pattern.test(text)) throw new Error(`expected ${what}, got "${text}"`);
  return text;
}

/** A list given as a list, a JSON array, or comma-separated text. */
function listOf(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  const text = String(raw).trim();
  if (text.startsWith("[")) {
    const parsed = parseText(text, parseJsonWithin, "JSON");
    if (Array.isArray(parsed)) return parsed;
  }
  return text === "" ? [] : text.split(",").map((v) => v.trim());
}

function parseText(text: string, parse: (t: string) => unknown, what: string): unknown {
  try {
    return parse(text);
  } catch (err) {
    // Valid but too deep to store: say so, rather than that it is not JSON.
    if (err instanceof JsonDepthError) throw new Error(`${what} nests deeper than ${err.maxDepth} levels`);
    throw new Error(`expected ${what}, got "${text.slice(0, 40)}"`);
  }
}

/** YAML as a value no deeper than JSON may be (the parser itself stops far deeper, with an error). */
function parseYamlWithin(text: string): unknown {
  const value = parseYaml(text) as unknown;
  if (valueDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw new JsonDepthError(MAX_JSON_DEPTH);
  return value;
}
