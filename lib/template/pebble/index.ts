import type { Expr, Template } from "./ast";
import type { PebbleOptions } from "./context";
import { Budget } from "./budget";
import { Evaluator } from "./evaluator";
import { parse, parseExpressionSource } from "./parser";

export type { Template } from "./ast";
export type { CallContext, PebbleFilter, PebbleFunction, PebbleFunctionDefinition, PebbleOptions } from "./context";
export { parseJson } from "./json";
export { WholeDouble, plain } from "./values";
export {
  PebbleError,
  PebbleRuntimeError,
  PebbleSyntaxError,
  PebbleUndefinedError,
  TemplateLimitError,
  type PebbleErrorKind,
  type SourcePosition,
} from "./errors";

const CACHE_SIZE = 1000;
const templates = new Map<string, Template>();
const expressions = new Map<string, Expr>();

function cached<T>(cache: Map<string, T>, key: string, build: () => T): T {
  const hit = cache.get(key);
  if (hit) {
    // Re-insert: Map keeps insertion order, so the first key is the least recently used.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const value = build();
  cache.set(key, value);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return value;
}

/** Parses a template once (LRU-cached); throws PebbleSyntaxError with line and column. */
export function parseTemplate(template: string): Template {
  return cached(templates, template, () => parse(template));
}

function renderWith(
  template: string,
  context: Record<string, unknown>,
  options: PebbleOptions,
  budget: Budget,
): string {
  const parsed = parseTemplate(template);
  const nested = (text: string, vars: Record<string, unknown>, shared: Budget) =>
    renderWith(text, vars, options, shared);
  return new Evaluator(parsed, context, options, budget, nested).render();
}

/** Renders a template the way Kestra does (strict variables, Kestra's filters and functions). */
export function renderTemplate(
  template: string,
  context: Record<string, unknown>,
  options: PebbleOptions = {},
): string {
  return renderWith(template, context, options, Budget.from(options));
}

/** The typed value of one bare expression (`inputs.n > 2`, `outputs.t.vars.list`), not its text. */
export function evaluateExpression(
  expression: string,
  context: Record<string, unknown>,
  options: PebbleOptions = {},
): unknown {
  const expr = cached(expressions, expression, () => parseExpressionSource(expression));
  const budget = Budget.from(options);
  const nested = (text: string, vars: Record<string, unknown>, shared: Budget) =>
    renderWith(text, vars, options, shared);
  return new Evaluator({ source: expression, nodes: [] }, context, options, budget, nested).evaluate(expr);
}
