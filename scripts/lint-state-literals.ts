// npm test's state rules over every tracked source file: no state name spelled as a string
// (lib/lint/state-literals.ts), no state written outside the transition functions (lib/lint/state-writes.ts).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { findStateLiterals, isChecked } from "../lib/lint/state-literals";
import { findStateWrites } from "../lib/lint/state-writes";

const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { encoding: "utf8" })
  .split("\n")
  .filter(isChecked);
let count = 0;
for (const file of files) {
  const source = readFileSync(file, "utf8");
  for (const v of findStateLiterals(file, source)) {
    console.error(`${v.file}:${v.line}:${v.column} ${v.text}: import the state from lib/states/states.ts`);
    count++;
  }
  for (const v of findStateWrites(file, source)) {
    console.error(
      `${v.file}:${v.line}:${v.column} ${v.text}: change a state through moveExecution or moveTaskRun(s), which check the move`,
    );
    count++;
  }
}
console.log(`state rules: ${files.length} files read, ${count} violation(s)`);
process.exit(count ? 1 : 0);
