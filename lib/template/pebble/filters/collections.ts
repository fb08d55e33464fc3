import type { PebbleFilter } from "../context";
import { FilterError } from "../errors";
import {
  WholeDouble,
  equals,
  formatNumber,
  isList,
  isMap,
  isNumber,
  javaString,
  naturalCompare,
  newMap,
  numberValue,
  toDouble,
  typeName,
} from "../values";
import { intArg, requireArg } from "./args";

function list(input: unknown, what: string): unknown[] {
  if (!isList(input))
    throw new FilterError(`'${what}' filter can only be applied to List. Actual type was: ${typeName(input)}`);
  return input;
}

/** Pebble's DecimalFormat subset: `#,##0.00`-style patterns (grouping, min/max fraction digits). */
function decimalFormat(n: number, pattern: string): string {
  const [intPart, fracPart = ""] = pattern.split(";")[0].split(".");
  const minFrac = (fracPart.match(/0/g) ?? []).length;
  const maxFrac = (fracPart.match(/[0#]/g) ?? []).length;
  const minInt = (intPart.replace(/,/g, "").match(/0/g) ?? []).length;
  const grouping = intPart.includes(",") ? intPart.length - intPart.lastIndexOf(",") - 1 : 0;
  // DecimalFormat rounds HALF_EVEN; toFixed is close enough except on exact ties.
  let [i, f = ""] = Math.abs(n).toFixed(maxFrac).split(".");
  while (f.length > minFrac && f.endsWith("0")) f = f.slice(0, -1);
  i = i.replace(/^0+/, "");
  i = i.padStart(minInt, "0");
  if (grouping > 0) i = i.replace(new RegExp(`\\B(?=(\\d{${grouping}})+(?!\\d))`, "g"), ",");
  const sign = n < 0 && (i !== "" || f !== "") && /[1-9]/.test(i + f) ? "-" : "";
  return sign + (i === "" && f === "" ? "0" : i) + (f ? `.${f}` : "");
}

export const COLLECTION_FILTERS: Record<string, PebbleFilter> = {
  length: {
    apply: (i) =>
      i === null ? 0 : typeof i === "string" || isList(i) ? i.length : isMap(i) ? Object.keys(i).length : 0,
  },
  first: {
    apply(i) {
      if (i === null) return null;
      if (typeof i === "string") {
        if (!i) throw new FilterError("String index out of range: 0");
        return i[0];
      }
      return list(i, "first").length ? (i as unknown[])[0] : null;
    },
  },
  last: {
    apply(i) {
      if (i === null) return null;
      if (typeof i === "string") {
        if (!i) throw new FilterError("String index out of range: -1");
        return i[i.length - 1];
      }
      const l = list(i, "last");
      return l.length ? l[l.length - 1] : null;
    },
  },
  join: {
    argumentNames: ["separator"],
    apply(i, args) {
      if (i === null) return null;
      const glue = args.separator === undefined || args.separator === null ? "" : String(args.separator);
      return list(i, "join")
        .map((x) => javaString(x))
        .join(glue);
    },
  },
  keys: {
    apply(i, _a, ctx) {
      if (i === null) return null;
      if (isMap(i)) return Object.keys(i);
      if (isList(i)) {
        ctx.charge(i.length);
        return i.map((_x, idx) => idx);
      }
      throw new FilterError(`'keys' filter can only be applied to List, Map, Array. Actual type was: ${typeName(i)}`);
    },
  },
  values: {
    apply(i) {
      if (i === null) return null;
      if (isMap(i)) return Object.values(i);
      throw new FilterError(`'values' filter can only be applied to Map. Actual type was: ${typeName(i)}`);
    },
  },
  sort: { apply: (i) => (i === null ? null : [...list(i, "sort")].sort(naturalCompare)) },
  rsort: { apply: (i) => (i === null ? null : [...list(i, "rsort")].sort((a, b) => naturalCompare(b, a))) },
  reverse: { apply: (i) => (i === null ? null : [...list(i, "reverse")].reverse()) },
  slice: {
    argumentNames: ["fromIndex", "toIndex"],
    apply(i, args) {
      if (i === null) return null;
      const from = args.fromIndex === undefined || args.fromIndex === null ? 0 : Number(args.fromIndex);
      if (from < 0) throw new FilterError("fromIndex must be greater than 0");
      if (typeof i !== "string" && !isList(i))
        throw new FilterError(
          `Slice filter can only be applied to String, List and array inputs. Actual type was: ${typeName(i)}`,
        );
      let to = i.length;
      if (args.toIndex !== undefined && args.toIndex !== null) {
        to = Number(args.toIndex);
        if (to > i.length) throw new FilterError(`toIndex must be smaller than input size: ${i.length}`);
        if (from >= to) throw new FilterError("toIndex must be greater than fromIndex");
      }
      return i.slice(from, to);
    },
  },
  merge: {
    argumentNames: ["items"],
    apply(i, args, ctx) {
      const items = args.items ?? null;
      if (i === null) {
        if (items === null) throw new FilterError("The two arguments to be merged are null");
        return items;
      }
      if (items === null) return i;
      if (isMap(i)) {
        const out = newMap();
        Object.assign(out, i);
        if (isMap(items)) Object.assign(out, items);
        else if (isList(items)) for (const x of items) out[javaString(x)] = x;
        else throw new FilterError("Currently, only Maps and Lists can be merged with a Map.");
        return out;
      }
      if (isList(i)) {
        if (isList(items)) {
          ctx.charge(i.length + items.length);
          return [...i, ...items];
        }
        if (isMap(items)) return [...i, ...Object.keys(items).map((key) => ({ key, value: items[key] }))];
        throw new FilterError("Currently, only Maps and Lists can be merged with a List.");
      }
      throw new FilterError("The object being filtered is not a Map/List/Array");
    },
  },
  chunk: {
    argumentNames: ["size"],
    apply(i, args) {
      if (i === null) return null;
      const size = intArg(args, "size", "chunk");
      if (size <= 0) throw new FilterError("'chunk' filter expects a positive size.");
      const l = list(i, "chunk");
      const out: unknown[][] = [];
      for (let k = 0; k < l.length; k += size) out.push(l.slice(k, k + size));
      return out;
    },
  },
  flatten: {
    apply(i, _a, ctx) {
      if (i === null) return null;
      if (!isList(i)) throw new FilterError("The 'flatten' filter can only be applied to lists.");
      const out = i.flatMap((x) => (isList(x) ? x : [x]));
      ctx.charge(out.length);
      return out;
    },
  },
  // Kestra's DistinctFilter (null gives the string "null", as there).
  distinct: {
    apply(i) {
      if (i === null) return "null";
      if (!isList(i)) throw new FilterError(`Input must be a list, but received : ${typeName(i)}`);
      const out: unknown[] = [];
      for (const x of i) if (!out.some((y) => equals(x, y))) out.push(x);
      return out;
    },
  },
  // Kestra's StringFilter: a number, or a numeric string, as text.
  string: {
    apply(i) {
      if (i === null) return null;
      if (i instanceof WholeDouble) return formatNumber(i.value, true);
      if (typeof i === "number") return formatNumber(i);
      if (typeof i === "string") {
        if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(i.trim()) || i.trim() !== i) {
          throw new FilterError(`'string' filter expects a valid number. Received an invalid numeric string: ${i}`);
        }
        return i.replace(/^\+/, "");
      }
      throw new FilterError(
        `'string' filter expects a Number (INT, FLOAT, DOUBLE, etc.) or numeric String. Received: ${typeName(i)}`,
      );
    },
  },
  abs: {
    apply(i) {
      if (i === null) throw new FilterError('Can not pass null value to "abs" filter.');
      if (i instanceof WholeDouble) return new WholeDouble(Math.abs(i.value));
      if (typeof i !== "number") throw new FilterError("The 'abs' filter does require as input a number.");
      return Math.abs(i);
    },
  },
  numberFormat: {
    argumentNames: ["format"],
    apply(i, args) {
      if (i === null) return null;
      if (!isNumber(i)) throw new FilterError("The input for the 'NumberFormat' filter has to be a number.");
      if (args.format === undefined || args.format === null) return decimalFormat(numberValue(i), "#,##0.###");
      return decimalFormat(numberValue(i), String(args.format));
    },
  },
  number: {
    argumentNames: ["type"],
    apply(i, args) {
      if (i === null) return null;
      if (typeof i !== "string")
        throw new FilterError(`'number' filter can only be applied to String. Actual type was: ${typeName(i)}`);
      const n = Number(i.trim());
      if (i.trim() === "" || Number.isNaN(n)) throw new FilterError(`${i} is not a valid number.`);
      const type = String(args.type ?? "");
      if ((type === "INT" || type === "LONG" || type === "BIGINTEGER") && !Number.isInteger(n))
        throw new FilterError(`For input string: "${i}"`);
      // NumberUtils.createNumber: a dot or an exponent makes a Float/Double ("12.0" prints 12.0).
      const decimal = type === "FLOAT" || type === "DOUBLE" || (type === "" && /[.eE]/.test(i));
      return decimal ? toDouble(n) : n;
    },
  },
  default: {
    argumentNames: ["default"],
    apply(i, args) {
      const empty =
        i === null ||
        (typeof i === "string" && i.trim() === "") ||
        (isList(i) && i.length === 0) ||
        (isMap(i) && Object.keys(i).length === 0);
      return empty ? (args.default ?? null) : i;
    },
  },
  // Java class names of the values as this engine holds them (a JSON integer is a Long here).
  className: {
    apply(i) {
      if (i === null) return null;
      if (isList(i)) return "java.util.ArrayList";
      if (isMap(i)) return "java.util.LinkedHashMap";
      return `java.lang.${typeName(i)}`;
    },
  },
};

export { formatNumber, requireArg };
