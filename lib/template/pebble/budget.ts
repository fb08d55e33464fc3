import { DEFAULT_MAX_OUTPUT_CHARS, DEFAULT_MAX_STEPS, type PebbleOptions } from "./context";
import { TemplateLimitError } from "./errors";

// Strings built during one evaluation may add up to this many times the output cap.
const ALLOCATION_FACTOR = 10;
// Nested render() and macro calls, refused before the JavaScript stack runs out.
const MAX_DEPTH = 100;

/**
 * The work one evaluation may do, shared with everything it renders (`render()`, macros): steps,
 * the size of any one string or output, and the characters of all strings built.
 */
export class Budget {
  private steps = 0;
  private allocated = 0;
  private depth = 0;

  constructor(
    readonly maxSteps: number,
    readonly maxChars: number,
  ) {}

  static from(options: PebbleOptions): Budget {
    return new Budget(options.maxSteps ?? DEFAULT_MAX_STEPS, options.maxOutputChars ?? DEFAULT_MAX_OUTPUT_CHARS);
  }

  /** Counts `n` steps (an expression, a node, an element about to be allocated). */
  charge(n: number): void {
    this.steps += n;
    if (this.steps > this.maxSteps) throw new TemplateLimitError(`Template evaluation exceeded ${this.maxSteps} steps`);
  }

  /** Refuses a string of `chars` characters before it is built. */
  checkSize(chars: number): void {
    if (chars > this.maxChars) throw new TemplateLimitError(`Template output exceeded ${this.maxChars} characters`);
  }

  /** Counts characters just built (a string value or a piece of output). */
  allocate(chars: number): void {
    this.allocated += chars;
    const limit = this.maxChars * ALLOCATION_FACTOR;
    if (this.allocated > limit)
      throw new TemplateLimitError(`Template evaluation built more than ${limit} characters of strings`);
  }

  /** Runs `fn` one level deeper (a nested render or macro call). */
  nested<T>(what: string, fn: () => T): T {
    if (this.depth >= MAX_DEPTH) throw new TemplateLimitError(`${what} nested more than ${MAX_DEPTH} levels deep`);
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  noteString(s: string): void {
    this.checkSize(s.length);
    this.allocate(s.length);
  }
}
