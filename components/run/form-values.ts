import { stringify as toYaml } from "yaml";
import type { TFlowInput } from "../../lib/flow/flow-inputs";
import { defaultOf } from "../../lib/flow/input-rules";
import { MASKED_INPUT } from "../../lib/secrets/sealed-inputs";

/** What a field of the Run dialog holds: text, a checkbox, a list (MULTISELECT, ARRAY), or a file (picked, or an earlier run's URI). */
export type FieldValue = string | boolean | string[] | File | undefined;
export type FieldValues = Record<string, FieldValue>;

/** The value a field starts with, from a flow's `prefill`/`defaults` or a stored run's value. */
export function fieldValue(input: TFlowInput, value: unknown): FieldValue {
  if (value === undefined || value === null)
    return input.type === "BOOLEAN" || input.type === "BOOL"
      ? false
      : input.type === "MULTISELECT" || input.type === "ARRAY"
        ? []
        : "";
  switch (input.type) {
    case "BOOLEAN":
    case "BOOL":
      return value === true || value === "true";
    case "MULTISELECT":
    case "ARRAY":
      return (
        Array.isArray(value)
          ? value
          : String(value)
              .split(",")
              .map((v) => v.trim())
              .filter(Boolean)
      ).map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
    case "JSON":
      return typeof value === "string" ? value : JSON.stringify(value, null, 2);
    case "YAML":
      return typeof value === "string" ? value : toYaml(value);
    case "DATETIME":
      return localDateTime(value);
    case "SECRET":
      // A stored run shows its secret masked: it has to be typed again.
      return value === MASKED_INPUT ? "" : String(value);
    default:
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  }
}

/** Fields as a new run starts: an earlier run's values (Run again) or the last ones used, then `prefill`, then `defaults`. */
export function initialValues(inputs: TFlowInput[], earlier: Record<string, unknown> = {}): FieldValues {
  return Object.fromEntries(inputs.map((i) => [i.id, fieldValue(i, earlier[i.id] ?? i.prefill ?? defaultOf(i))]));
}

/** A stored run's inputs (nested by dotted id) by input id. */
export function valuesOfExecution(inputs: TFlowInput[], stored: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const input of inputs) {
    let node: unknown = stored;
    for (const part of input.id.split("."))
      node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
    if (node !== undefined) out[input.id] = node;
  }
  return out;
}

/** Fields as the shared rules read them: an empty field is not given, a local date-time gets its zone. */
export function checkable(inputs: TFlowInput[], values: FieldValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const input of inputs) {
    const v = values[input.id];
    if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) continue;
    if (Array.isArray(v) && input.type === "ARRAY" && v.some((item) => item.trim() === "")) {
      out[input.id] = v; // an empty item is reported by the rules, not dropped
      continue;
    }
    out[input.id] = input.type === "DATETIME" && typeof v === "string" ? zoned(v) : v;
  }
  return out;
}

/** The multipart form the run is posted as (Kestra's form): one field per given input, a file part per FILE. */
export function toFormData(inputs: TFlowInput[], values: FieldValues, waiting: string[]): FormData {
  const form = new FormData();
  const given = checkable(inputs, values);
  for (const input of inputs) {
    const v = given[input.id];
    if (v === undefined || waiting.includes(input.id)) continue;
    if (typeof File !== "undefined" && v instanceof File) form.append(input.id, v);
    else if (Array.isArray(v)) form.append(input.id, JSON.stringify(v));
    else form.append(input.id, String(v));
  }
  return form;
}

/** What may be remembered for the next run of a flow: never a SECRET, and not a file. */
export function rememberable(inputs: TFlowInput[], values: FieldValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const input of inputs) {
    const v = values[input.id];
    if (input.type === "SECRET" || input.type === "FILE" || v === undefined) continue;
    out[input.id] = input.type === "DATETIME" && typeof v === "string" && v !== "" ? zoned(v) : v;
  }
  return out;
}

/** `2026-01-31T12:00` as the browser's local time, in ISO with its zone (as the server reads it). */
function zoned(local: string): string {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}

/** An instant as a `datetime-local` field shows it (local time, to the second). */
function localDateTime(value: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
