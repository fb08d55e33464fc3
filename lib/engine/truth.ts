// Kestra's TruthUtils: only these rendered strings are false ("False", "no", "null" are true).
const FALSE_VALUES = new Set(["false", "0", "-0", ""]);

/** Whether a rendered condition (If, runIf, Fail, WaitFor) holds. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  return !FALSE_VALUES.has(typeof value === "string" ? value : String(value));
}
