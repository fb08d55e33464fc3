/** One case of a jq test table: program, input, expected outputs (in order, as jq's test format has them). */
export interface JqCase {
  q: string;
  /** The input; null when absent. */
  in?: unknown;
  /** Every output, in order; absent for a program that must not compile. */
  out?: unknown[];
  /** The jackson-jq test file the case comes from. */
  from?: string;
  /** jackson-jq marks the case as failing for itself (true, or its justification). */
  jacksonFails?: true | string;
  /** Objects may list their keys in any order. */
  anyKeyOrder?: boolean;
  /** Numbers may differ by this much. */
  tolerance?: number;
  /** The program must not compile. */
  compileError?: boolean;
}
