import type { PebbleTest } from "./context";
import { FilterError } from "./errors";
import { isList, isMap } from "./values";

function integer(input: unknown, name: string): number {
  if (input === null) throw new FilterError(`Can not pass null value to "${name}" test.`);
  if (typeof input !== "number") throw new FilterError(`The "${name}" test expects a number.`);
  return input;
}

/** Pebble's tests (`is defined` is handled by the evaluator: it must see missing variables). */
export const TESTS: Record<string, PebbleTest> = Object.assign(Object.create(null) as Record<string, PebbleTest>, {
  defined: { apply: (i: unknown) => i !== null },
  null: { apply: (i: unknown) => i === null },
  empty: {
    apply: (i: unknown) =>
      i === null ||
      (typeof i === "string" && i.trim() === "") ||
      (isList(i) && i.length === 0) ||
      (isMap(i) && Object.keys(i).length === 0),
  },
  even: { apply: (i: unknown) => integer(i, "even") % 2 === 0 },
  odd: { apply: (i: unknown) => integer(i, "odd") % 2 !== 0 },
  iterable: { apply: (i: unknown) => isList(i) },
  map: { apply: (i: unknown) => isMap(i) },
  // Kestra's JsonTest: a string that parses as JSON.
  json: {
    apply(i: unknown) {
      if (typeof i !== "string") return false;
      try {
        JSON.parse(i);
        return true;
      } catch {
        return false;
      }
    },
  },
});
