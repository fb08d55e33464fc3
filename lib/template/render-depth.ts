import { MAX_JSON_DEPTH, valueDepth } from "../json/json-depth";
import { TemplateError } from "./render";
import type { RenderRequest, RenderResult } from "./render-request";

/**
 * How deep a value may nest where it crosses to a template process: what JSON may hold anywhere in
 * Osprey, plus levels for the variables that carry it (`outputs.<task>.<each value>….vars.<name>`,
 * `parents[0].taskrun`, …). The crossing is Node's structured clone, which recurses: past about
 * 1,800 levels it overflows the stack of the process that reads it, outside any `try`. That kills
 * a template process for a request, and the server for a reply; so nothing deeper is sent.
 */
export const MAX_RENDER_DEPTH = MAX_JSON_DEPTH + 50;

// Values already measured. The big ones are shared by every render of a pass (`outputs` is built
// once per pass, `inputs` and `vars` once per execution) and never changed afterwards: measuring
// them again for each render would cost the server's event loop as much as sending them.
const withinLimit = new WeakSet<object>();

/** The error for the first part of `request` that nests deeper than MAX_RENDER_DEPTH, or null. */
export function renderDepthError(request: RenderRequest): TemplateError | null {
  const parts: [string, unknown][] = [
    ["the value to render", request.value],
    ...Object.entries(request.vars).map(([name, value]): [string, unknown] => [`\`${name}\``, value]),
    ["errorLogs()", request.errorLogs],
    ["kv()", request.kv],
  ];
  for (const [name, value] of parts) {
    if (typeof value !== "object" || value === null || withinLimit.has(value)) continue;
    if (valueDepth(value, MAX_RENDER_DEPTH) > MAX_RENDER_DEPTH) {
      return new TemplateError(
        `${name} nests deeper than ${MAX_RENDER_DEPTH} levels and cannot be rendered (values may nest ${MAX_JSON_DEPTH} levels, MAX_JSON_DEPTH, inside the variables that hold them)`,
        "",
      );
    }
    withinLimit.add(value);
  }
  return null;
}

/** The same check for what a template process sends back (its reply is read by the server). */
export function resultTooDeep(result: RenderResult): boolean {
  return [result.value, result.display].some((value) => valueDepth(value, MAX_RENDER_DEPTH) > MAX_RENDER_DEPTH);
}
