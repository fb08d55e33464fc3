// A larger, randomly seeded run of the flow parser's property tests than CI's fixed-seed one:
// `npx tsx bench/fuzz-flows.ts [runs]`. Prints the seed, so a failure can be replayed.
import fc from "fast-check";
import { stringify } from "yaml";
import { parseFlow } from "../lib/flow/parse-flow";

const numRuns = Number(process.argv[2] ?? 50_000);
const seed = Date.now() % 2 ** 31;
console.log(`fuzz-flows: ${numRuns} runs, seed ${seed}`);
const started = performance.now();
fc.assert(
  fc.property(
    fc.oneof(
      fc.string({ maxLength: 2_000 }),
      fc.anything({ maxDepth: 6 }).map((v) => stringify(v ?? null)),
    ),
    (text) => {
      const r = parseFlow(text);
      if (!r.ok && r.problems.some((p) => !p.message)) throw new Error("a refusal without a reason");
    },
  ),
  { seed, numRuns },
);
console.log(`fuzz-flows: no failure in ${((performance.now() - started) / 1000).toFixed(1)} s`);
