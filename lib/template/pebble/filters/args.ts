import { FilterError } from "../errors";
import { javaString, typeName } from "../values";

export function requireArg(args: Record<string, unknown>, name: string, what: string): unknown {
  if (!(name in args)) throw new FilterError(`The '${what}' filter expects an argument '${name}'.`);
  return args[name];
}

export function stringArg(args: Record<string, unknown>, name: string, what: string): string {
  const v = requireArg(args, name, what);
  if (typeof v !== "string")
    throw new FilterError(`The '${what}' filter expects '${name}' to be a string, got ${typeName(v)}.`);
  return v;
}

export function intArg(args: Record<string, unknown>, name: string, what: string): number {
  const v = requireArg(args, name, what);
  if (typeof v !== "number" || !Number.isInteger(v))
    throw new FilterError(`The '${what}' filter expects '${name}' to be an integer, got ${javaString(v)}.`);
  return v;
}

export function stringInput(input: unknown, what: string): string {
  if (typeof input !== "string")
    throw new FilterError(`The '${what}' filter expects a string, got ${typeName(input)}.`);
  return input;
}
