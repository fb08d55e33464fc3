import { randomInt as cryptoRandomInt, randomUUID } from "node:crypto";
import { parse as parseYaml } from "yaml";
import type { CallContext, PebbleFunction } from "./context";
import { fromDate } from "./date-time";
import { FilterError } from "./errors";
import { DATE_ARGS, formatDate } from "./filters/dates";
import { CRYPTO_FUNCTIONS } from "./crypto";
import { parseJson } from "./json";
import { compare, isList, isMap, newMap, plain } from "./values";

// Kestra's VariableRenderer.MAX_RENDERING_AMOUNT.
const MAX_RENDERING = 100;

function renderObject(value: unknown, ctx: CallContext, recursive: boolean, vars: Record<string, unknown>): unknown {
  if (typeof value === "string") return renderString(value, ctx, recursive, vars);
  if (isList(value)) return value.map((v) => renderObject(v, ctx, recursive, vars));
  if (isMap(value)) {
    const out = newMap();
    for (const k of Object.keys(value))
      out[renderString(k, ctx, false, vars)] = renderObject(value[k], ctx, recursive, vars);
    return out;
  }
  return value;
}

function renderString(text: string, ctx: CallContext, recursive: boolean, vars: Record<string, unknown>): string {
  let current = text;
  for (let count = 0; ; count++) {
    if (count > MAX_RENDERING) throw new FilterError("Too many rendering attempts");
    if (!current.includes("{")) return current;
    const next = ctx.renderText(current, vars);
    if (!recursive || next === current) return next;
    current = next;
  }
}

function minMax(pick: "<" | ">"): PebbleFunction {
  return (args) => {
    let best: unknown = null;
    for (let i = 0; String(i) in args; i++) {
      const candidate = args[String(i)];
      if (best === null) best = candidate;
      else if (compare(pick, candidate, best)) best = candidate;
    }
    return best;
  };
}

function parseJsonArg(args: Record<string, unknown>, name: string): unknown {
  if (!("json" in args)) throw new FilterError(`The '${name}' function expects an argument 'json'.`);
  const json = args.json;
  if (json === null) return null;
  if (typeof json !== "string")
    throw new FilterError(`The '${name}' function expects an argument 'json' with type string.`);
  return parseJson(json);
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Pebble's built-in functions and Kestra's pure ones; host ones (secret, kv, read…) come from options. */
export const BUILTIN_FUNCTIONS: Record<string, PebbleFunction> = Object.assign(
  Object.create(null) as Record<string, PebbleFunction>,
  {
    range: {
      argumentNames: ["start", "end", "increment"],
      execute(args: Record<string, unknown>, ctx: CallContext) {
        const start = plain(args.start);
        const end = plain(args.end);
        const increment = plain(args.increment ?? 1);
        if (typeof increment !== "number")
          throw new FilterError(`The increment of the range function must be a number ${String(increment)}`);
        const step = Math.trunc(increment);
        if (step === 0) throw new FilterError("The increment of the range function must be different than 0");
        let from: number;
        let to: number;
        const chars = typeof start === "string" && typeof end === "string";
        if (typeof start === "number" && typeof end === "number") {
          from = Math.trunc(start);
          to = Math.trunc(end);
        } else if (chars && start.length === 1 && end.length === 1) {
          from = start.charCodeAt(0);
          to = end.charCodeAt(0);
        } else {
          throw new FilterError("Arguments of range function must be of type Number or String with a length of 1");
        }
        const count = (step > 0 ? to >= from : to <= from) ? Math.floor((to - from) / step) + 1 : 0;
        // Charged before allocating: `range(0, 1e12)` fails here, not in the allocator.
        ctx.charge(count);
        const out: unknown[] = new Array<unknown>(count);
        for (let k = 0; k < count; k++) out[k] = chars ? String.fromCharCode(from + k * step) : from + k * step;
        return out;
      },
    },
    max: minMax(">"),
    min: minMax("<"),
    now: {
      argumentNames: DATE_ARGS,
      execute: (args: Record<string, unknown>, ctx: CallContext) => formatDate(fromDate(ctx.now()), args, ctx),
    },
    fromJson: { argumentNames: ["json"], execute: (args: Record<string, unknown>) => parseJsonArg(args, "fromJson") },
    json: { argumentNames: ["json"], execute: (args: Record<string, unknown>) => parseJsonArg(args, "json") },
    yaml: {
      argumentNames: ["yaml"],
      execute(args: Record<string, unknown>) {
        if (typeof args.yaml !== "string")
          throw new FilterError("The 'yaml' function expects an argument 'yaml' with type string.");
        try {
          return parseYaml(args.yaml) as unknown;
        } catch (err) {
          throw new FilterError(`Invalid yaml: ${(err as Error).message}`);
        }
      },
    },
    uuid: { argumentNames: [], execute: () => randomUUID() },
    id: {
      argumentNames: [],
      execute: () => Array.from({ length: 22 }, () => BASE62[cryptoRandomInt(62)]).join(""),
    },
    randomInt: {
      argumentNames: ["lower", "upper"],
      execute(args: Record<string, unknown>) {
        const { lower, upper } = args;
        for (const [name, v] of [
          ["lower", lower],
          ["upper", upper],
        ] as const) {
          if (typeof v !== "number" || !Number.isInteger(v))
            throw new FilterError(`The 'randomInt' function expects an argument ${name} with type Integer.`);
        }
        if ((upper as number) < (lower as number)) throw new FilterError("In 'randomInt' upper is less than lower");
        const span = (upper as number) - (lower as number);
        return span === 0 ? lower : Math.floor(Math.random() * span) + (lower as number);
      },
    },
    render: {
      argumentNames: ["toRender", "recursive"],
      execute(args: Record<string, unknown>, ctx: CallContext) {
        if (!("toRender" in args)) throw new FilterError("The 'render' function expects an argument 'toRender'.");
        const recursive = args.recursive ?? true;
        if (typeof recursive !== "boolean")
          throw new FilterError("The 'render' function expects an optional argument 'recursive' with type boolean.");
        return renderObject(args.toRender, ctx, recursive, ctx.globals());
      },
    },
    renderOnce: {
      argumentNames: ["toRender"],
      execute(args: Record<string, unknown>, ctx: CallContext) {
        if (!("toRender" in args)) throw new FilterError("The 'render' function expects an argument 'toRender'.");
        return renderObject(args.toRender, ctx, false, ctx.globals());
      },
    },
    currentEachOutput: {
      argumentNames: ["outputs"],
      execute(args: Record<string, unknown>, ctx: CallContext) {
        let outputs = args.outputs;
        if (!isMap(outputs))
          throw new FilterError("The 'currentEachOutput' function expects an argument 'outputs' with type map.");
        const parents = ctx.variable("parents");
        if (isList(parents)) {
          for (const parent of [...parents].reverse()) {
            const taskrun = isMap(parent) ? parent.taskrun : undefined;
            if (isMap(taskrun) && isMap(outputs)) outputs = outputs[String(taskrun.value)];
          }
        }
        const taskrun = ctx.variable("taskrun");
        if (!isMap(outputs) || !isMap(taskrun)) return null;
        return outputs[String(taskrun.value)] ?? null;
      },
    },
    ...CRYPTO_FUNCTIONS,
    printContext: { argumentNames: [], execute: (_a: Record<string, unknown>, ctx: CallContext) => ctx.globals() },
    fetchContext: { argumentNames: [], execute: (_a: Record<string, unknown>, ctx: CallContext) => ctx.globals() },
  },
);
