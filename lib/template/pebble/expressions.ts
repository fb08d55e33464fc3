import type { Args, Expr, Template } from "./ast";
import { argumentMap, type EvaluatedArgs } from "./arguments";
import type { Budget } from "./budget";
import type { CallContext, PebbleFunction, PebbleOptions } from "./context";
import { FilterError, PebbleUndefinedError, locate, type SourcePosition } from "./errors";
import { FILTERS } from "./filters";
import { BUILTIN_FUNCTIONS } from "./functions";
import { TESTS } from "./tests";
import { callMethod, propertyMethod } from "./java-methods";
import {
  FORBIDDEN_NAMES,
  arithmetic,
  compare,
  contains,
  equals,
  isIn,
  isList,
  isMap,
  javaString,
  lookupAttribute,
  newMap,
  plain,
  truthy,
} from "./values";

export type Scope = Map<string, unknown>;

/** Evaluates expressions against a template's variables (Kestra's strict Pebble semantics). */
export class ExpressionEvaluator {
  protected readonly scopes: Scope[] = [];
  protected readonly localScopes = new WeakSet<Scope>();
  private readonly functions: Record<string, PebbleFunction>;
  protected readonly ctx: CallContext;
  protected pos: SourcePosition | undefined;

  constructor(
    protected readonly template: Template,
    protected readonly root: Record<string, unknown>,
    protected readonly options: PebbleOptions,
    protected readonly budget: Budget,
    private readonly renderTextFn: (text: string, vars: Record<string, unknown>, budget: Budget) => string,
  ) {
    this.functions = { ...BUILTIN_FUNCTIONS, ...(options.functions ?? {}) };
    this.scopes.push(new Map());
    this.ctx = {
      charge: (n) => this.charge(n),
      checkSize: (n) => this.checkSize(n),
      variable: (name) => this.lookupVariable(name).value,
      globals: () => this.globals(),
      renderText: (text, vars) => this.budget.nested("render()", () => this.renderTextFn(text, vars, this.budget)),
      now: () => (options.now ? options.now() : new Date()),
      timeZone: options.timeZone ?? "UTC",
    };
  }

  /** Macros and `block()` are the renderer's: `undefined` when `name` is neither. */
  protected callTemplateFunction(_name: string, _args: Args): string | undefined {
    return undefined;
  }

  evaluate(expr: Expr): unknown {
    return this.wrap(() => plain(this.eval(expr)));
  }

  /** Adds position and template text to errors raised below, once. */
  protected wrap<T>(run: () => T): T {
    try {
      return run();
    } catch (err) {
      throw locate(err, this.pos, this.template.source);
    }
  }

  protected charge(n: number): void {
    this.budget.charge(n);
  }

  protected checkSize(chars: number): void {
    this.budget.checkSize(chars);
  }

  protected noteString(s: string): void {
    this.budget.noteString(s);
  }

  /**
   * Pebble's ScopeChain.set: update the innermost scope that has the name (so a loop can update a
   * counter set before it), stopping at a macro's own scope; a new name goes in the innermost one.
   */
  protected assign(name: string, value: unknown): void {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const scope = this.scopes[i];
      if (scope.has(name) || this.localScopes.has(scope)) {
        scope.set(name, value);
        return;
      }
    }
    this.scopes[this.scopes.length - 1].set(name, value);
  }

  protected condition(expr: Expr, where: string): boolean {
    const value = this.eval(expr);
    if (value === null)
      throw new FilterError(`null value given to ${where} statement and strict variables is set to true`);
    return truthy(value, where);
  }

  // ---- expressions

  protected eval(expr: Expr): unknown {
    this.charge(1);
    this.pos = expr.pos;
    switch (expr.kind) {
      case "literal":
        return expr.value;
      case "var": {
        const found = this.lookupVariable(expr.name);
        if (!found.exists) {
          throw new PebbleUndefinedError(
            `Root attribute [${expr.name}] does not exist or can not be accessed and strict variables is set to true.`,
            expr.name,
          );
        }
        return found.value;
      }
      case "attr":
        return this.evalAttribute(expr);
      case "call":
        this.pos = expr.pos;
        return this.callFunction(expr.name, expr.args);
      case "filter":
        return this.evalFilter(expr);
      case "test":
        return this.evalTest(expr);
      case "unary":
        return this.evalUnary(expr);
      case "binary":
        return this.evalBinary(expr);
      case "ternary": {
        const cond = this.eval(expr.cond);
        return cond !== null && truthy(cond, "ternary") ? this.eval(expr.then) : this.eval(expr.else);
      }
      case "array": {
        this.charge(expr.items.length);
        return expr.items.map((i) => this.eval(i));
      }
      case "map": {
        const out = newMap();
        for (const e of expr.entries) out[javaString(this.eval(e.key))] = this.eval(e.value);
        return out;
      }
      case "concat":
        return this.concat(expr.parts.map((p) => this.eval(p)));
    }
  }

  private concat(values: unknown[]): string {
    const parts = values.map((v) => (v === null ? "" : javaString(v)));
    this.checkSize(parts.reduce((n, p) => n + p.length, 0));
    const joined = parts.join("");
    this.noteString(joined);
    return joined;
  }

  private lookupVariable(name: string): { exists: boolean; value: unknown } {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      if (this.scopes[i].has(name)) return { exists: true, value: this.scopes[i].get(name) };
    }
    const found = lookupAttribute(isMap(this.root) ? this.root : Object.assign(newMap(), this.root), name);
    if (found.found) return { exists: true, value: found.value };
    // Pebble's `_context`: every variable in view, for passing to a macro.
    if (name === "_context") return { exists: true, value: this.visible() };
    return { exists: false, value: undefined };
  }

  private visible(): Record<string, unknown> {
    const out = this.globals();
    for (const scope of this.scopes.slice(1)) for (const [k, v] of scope) out[k] = v;
    return out;
  }

  private globals(): Record<string, unknown> {
    const out = newMap();
    for (const k of Object.keys(this.root)) out[k] = this.root[k];
    for (const [k, v] of this.scopes[0]) out[k] = v;
    return out;
  }

  private evalAttribute(expr: Extract<Expr, { kind: "attr" }>): unknown {
    const object = this.eval(expr.object);
    const key = this.eval(expr.key);
    const args = expr.call ? this.evalArgs(expr.call).positional : undefined;
    this.pos = expr.pos;
    if (object === null) {
      if (expr.object.kind === "var") {
        throw new PebbleUndefinedError(
          `Root attribute [${expr.object.name}] does not exist or can not be accessed and strict variables is set to true.`,
          expr.object.name,
        );
      }
      throw new PebbleUndefinedError(
        "Attempt to get attribute of null object and strict variables is set to true.",
        javaString(key),
      );
    }
    if (args) return this.noted(callMethod(object, javaString(key), args, this.ctx));
    const found = lookupAttribute(object, key);
    if (found.found) return found.value;
    const getter = FORBIDDEN_NAMES.has(javaString(key)) ? undefined : propertyMethod(object, javaString(key));
    if (getter) return this.noted(getter(this.ctx));
    throw new PebbleUndefinedError(
      `Attribute [${javaString(key)}] of [${describe(object)}] does not exist or can not be accessed and strict variables is set to true.`,
      javaString(key),
    );
  }

  private noted(value: unknown): unknown {
    if (typeof value === "string") this.noteString(value);
    else if (isList(value)) this.charge(value.length);
    return value;
  }

  /** Evaluates `expr`, turning "does not exist" into `undefined` (for `??`, `default`, `is defined`). */
  private evalOrUndefined(expr: Expr): unknown {
    try {
      return this.eval(expr);
    } catch (err) {
      if (err instanceof PebbleUndefinedError) return undefined;
      throw err;
    }
  }

  protected evalArgs(args: Args): EvaluatedArgs {
    const named: Record<string, unknown> = newMap();
    for (const n of args.named) named[n.name] = this.eval(n.value);
    return { positional: args.positional.map((p) => this.eval(p)), named };
  }

  private evalFilter(expr: Extract<Expr, { kind: "filter" }>): unknown {
    const input = expr.name === "default" ? this.evalOrUndefined(expr.input) : this.eval(expr.input);
    const args = this.evalArgs(expr.args);
    this.pos = expr.pos;
    return this.applyFilter(expr.name, input === undefined ? null : input, args);
  }

  protected applyFilter(name: string, input: unknown, args: EvaluatedArgs): unknown {
    const filter = Object.hasOwn(FILTERS, name) ? FILTERS[name] : undefined;
    if (!filter) throw new FilterError(`Filter [${name}] does not exist.`);
    const result = filter.apply(input, argumentMap(filter.argumentNames, args, `filter '${name}'`), this.ctx);
    if (typeof result === "string") this.noteString(result);
    return result;
  }

  private evalTest(expr: Extract<Expr, { kind: "test" }>): boolean {
    const test = Object.hasOwn(TESTS, expr.name) ? TESTS[expr.name] : undefined;
    if (!test) {
      this.pos = expr.pos;
      throw new FilterError(`Test [${expr.name}] does not exist.`);
    }
    const input = expr.name === "defined" ? this.evalOrUndefined(expr.input) : this.eval(expr.input);
    const args = this.evalArgs(expr.args);
    this.pos = expr.pos;
    const result =
      expr.name === "defined"
        ? input !== undefined && input !== null
        : test.apply(input, argumentMap(undefined, args, `test '${expr.name}'`), this.ctx);
    return expr.negated ? !result : result;
  }

  private callFunction(name: string, argsNode: Args): unknown {
    if (!Object.hasOwn(this.options.functions ?? {}, name)) {
      const rendered = this.callTemplateFunction(name, argsNode);
      if (rendered !== undefined) return rendered;
    }
    const fn = Object.hasOwn(this.functions, name) ? this.functions[name] : undefined;
    if (!fn) throw new FilterError(`Function or Macro [${name}] does not exist.`);
    const args = this.evalArgs(argsNode);
    const definition = typeof fn === "function" ? { argumentNames: undefined, execute: fn } : fn;
    // Host functions get plain JavaScript numbers.
    const host = Object.hasOwn(this.options.functions ?? {}, name);
    const named = argumentMap(definition.argumentNames, args, `function '${name}'`);
    const result = definition.execute(host ? (plain(named) as Record<string, unknown>) : named, this.ctx);
    if (typeof result === "string") this.noteString(result);
    return result === undefined ? null : result;
  }

  private evalUnary(expr: Extract<Expr, { kind: "unary" }>): unknown {
    const value = this.eval(expr.operand);
    this.pos = expr.pos;
    if (expr.op === "not") {
      if (value === null) throw new FilterError("null value given to not() and strict variables is set to true");
      return !truthy(value, "not");
    }
    return arithmetic("*", expr.op === "-" ? -1 : 1, value);
  }

  private evalBinary(expr: Extract<Expr, { kind: "binary" }>): unknown {
    const { op } = expr;
    if (op === "??") {
      const left = this.evalOrUndefined(expr.left);
      return left === undefined || left === null ? this.eval(expr.right) : left;
    }
    if (op === "???") {
      const left = this.evalOrUndefined(expr.left);
      return left === undefined ? this.eval(expr.right) : left;
    }
    if (op === "and" || op === "or") {
      const left = this.logical(expr.left, op);
      if (op === "and" ? !left : left) return left;
      return this.logical(expr.right, op);
    }
    const left = this.eval(expr.left);
    const right = this.eval(expr.right);
    this.pos = expr.pos;
    switch (op) {
      case "==":
        return equals(left, right);
      case "!=":
        return !equals(left, right);
      case "<":
      case ">":
      case "<=":
      case ">=":
        return compare(op, left, right);
      case "contains":
        return contains(left, right);
      case "in":
      case "isIn":
        return isIn(left, right, op === "isIn");
      case "not in":
        return !isIn(left, right, false);
      case "~":
        return this.concat([left, right]);
      case "..":
        return this.callFunctionValues("range", [left, right]);
      default: {
        const result = arithmetic(op, left, right);
        if (typeof result === "string") this.noteString(result);
        if (isList(result)) this.charge(result.length);
        return result;
      }
    }
  }

  private callFunctionValues(name: string, positional: unknown[]): unknown {
    const fn = BUILTIN_FUNCTIONS[name];
    const definition = typeof fn === "function" ? { argumentNames: undefined, execute: fn } : fn;
    return definition.execute(argumentMap(definition.argumentNames, { positional, named: {} }, name), this.ctx);
  }

  private logical(expr: Expr, op: string): boolean {
    const value = this.eval(expr);
    if (value === null) throw new FilterError(`null value used in ${op} operator and strict variables is set to true`);
    return truthy(value, op);
  }
}

function describe(v: unknown): string {
  if (isList(v)) return "List";
  if (isMap(v)) return "Map";
  return typeof v === "string" ? "String" : typeof v;
}
