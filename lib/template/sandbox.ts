import nunjucks from "nunjucks";

/**
 * Locks nunjucks' runtime down so a flow author cannot reach the server's JavaScript runtime.
 * Stock nunjucks resolves any property, inherited ones included, so
 * `{{ range.constructor("return process")() }}` runs code. Here a template may read only own,
 * non-function properties of plain data, and top-level names only from its own context or the
 * registered globals.
 */
type Runtime = {
  memberLookup: (obj: unknown, key: unknown) => unknown;
  contextOrFrameLookup: (context: { ctx: Record<string, unknown>; env: { globals: Record<string, unknown> } }, frame: { lookup: (n: string) => unknown }, name: string) => unknown;
};

const FORBIDDEN = new Set(["constructor", "__proto__", "prototype", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__"]);
const hasOwn = (o: object, k: PropertyKey) => Object.prototype.hasOwnProperty.call(o, k);

export function safeMemberLookup(obj: unknown, key: unknown): unknown {
  if (obj === null || obj === undefined) return undefined;
  const name = String(key);
  if (FORBIDDEN.has(name)) return undefined;
  if (typeof obj === "string") return name === "length" || /^\d+$/.test(name) ? obj[name as never] : undefined;
  if (typeof obj !== "object") return undefined;
  if (!hasOwn(obj, name)) return undefined;
  const value = (obj as Record<string, unknown>)[name];
  return typeof value === "function" ? undefined : value;
}

let installed = false;

export function installSandbox(): void {
  if (installed) return;
  installed = true;
  const runtime = (nunjucks as unknown as { runtime: Runtime }).runtime;
  runtime.memberLookup = safeMemberLookup;
  runtime.contextOrFrameLookup = (context, frame, name) => {
    if (FORBIDDEN.has(name)) return undefined;
    const local = frame.lookup(name);
    if (local !== undefined) return local;
    if (hasOwn(context.ctx, name)) return context.ctx[name];
    if (hasOwn(context.env.globals, name)) return context.env.globals[name];
    return undefined;
  };
}
