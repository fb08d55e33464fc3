import type { Template } from "./ast";

/** What filters, tests and functions get besides their arguments. */
export interface CallContext {
  /** Counts `n` units of work (e.g. elements about to be allocated); throws TemplateLimitError past the budget. */
  charge(n: number): void;
  /** Throws TemplateLimitError if a string about to be built would pass the output cap. */
  checkSize(chars: number): void;
  /** A variable as the template sees it (innermost scope first); `undefined` when it does not exist. */
  variable(name: string): unknown;
  /** The root variables plus top-level `set` ones (what Kestra's `render()` passes on). */
  globals(): Record<string, unknown>;
  /** Renders a template text with the given variables, sharing this evaluation's budgets. */
  renderText(template: string, variables: Record<string, unknown>): string;
  now(): Date;
  timeZone: string;
}

/**
 * A function a flow can call. `argumentNames` maps positional arguments to names, as Pebble does
 * (`dateAdd(1, 'DAYS')` is `amount=1, unit='DAYS'`); without it they are keyed "0", "1", …
 */
export interface PebbleFunctionDefinition {
  argumentNames?: string[];
  execute(args: Record<string, unknown>, ctx: CallContext): unknown;
}

export type PebbleFunction = PebbleFunctionDefinition | ((args: Record<string, unknown>, ctx: CallContext) => unknown);

export interface PebbleFilter {
  argumentNames?: string[];
  apply(input: unknown, args: Record<string, unknown>, ctx: CallContext): unknown;
}

export interface PebbleTest {
  apply(input: unknown, args: Record<string, unknown>, ctx: CallContext): boolean;
}

export interface PebbleOptions {
  /** Host functions (`secret`, `read`, `kv`, `errorLogs`, `fileURI`, …); they override built-ins of the same name. */
  functions?: Record<string, PebbleFunction>;
  /** Evaluation steps before TemplateLimitError (default 1,000,000). */
  maxSteps?: number;
  /** Characters of output, and of any one string built, before TemplateLimitError (default 10,000,000). */
  maxOutputChars?: number;
  now?: () => Date;
  /** Zone for dates without one and for `date` without `timeZone` (Kestra: the JVM's default; here "UTC"). */
  timeZone?: string;
}

export const DEFAULT_MAX_STEPS = 1_000_000;
export const DEFAULT_MAX_OUTPUT_CHARS = 10_000_000;

export type { Template };
