// npm test's state-literal rule (lib/lint/state-literals.ts) over every tracked source file.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { findStateLiterals, isChecked } from "../lib/lint/state-literals";

const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { encoding: "utf8" })
  .split("\n")
  .filter(isChecked);
const violations = files.flatMap((file) => findStateLiterals(file, readFileSync(file, "utf8")));
for (const v of violations)
  console.error(`${v.file}:${v.line}:${v.column} ${v.text}: import the state from lib/states/states.ts`);
console.log(`state literals: ${files.length} files read, ${violations.length} violation(s)`);
process.exit(violations.length ? 1 : 0);
