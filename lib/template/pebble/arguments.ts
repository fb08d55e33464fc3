import { FilterError } from "./errors";
import { newMap } from "./values";

export interface EvaluatedArgs {
  positional: unknown[];
  named: Record<string, unknown>;
}

/**
 * Pebble's ArgumentsNode.getArgumentMap: positional arguments take the declared names in order
 * (`dateAdd(1, 'DAYS')` is `amount=1, unit='DAYS'`); without names they are keyed "0", "1", ….
 */
export function argumentMap(names: string[] | undefined, args: EvaluatedArgs, what: string): Record<string, unknown> {
  const out: Record<string, unknown> = newMap();
  args.positional.forEach((value, i) => {
    if (!names) out[String(i)] = value;
    else if (i < names.length) out[names[i]] = value;
    else throw new FilterError(`Too many arguments for ${what}`);
  });
  for (const [k, v] of Object.entries(args.named)) {
    if (names && !names.includes(k)) throw new FilterError(`The argument '${k}' is not allowed for ${what}`);
    out[k] = v;
  }
  return out;
}
