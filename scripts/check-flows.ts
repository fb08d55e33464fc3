// Checks a folder of Kestra flows offline, without a server: each accepted, or refused with the
// reasons (line and column), then a summary. What a team runs before it moves:
//   npx tsx scripts/check-flows.ts path/to/flows
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseFlow } from "../lib/flow/parse-flow";

const root = process.argv[2];
if (!root) {
  console.error("usage: npx tsx scripts/check-flows.ts DIR");
  process.exit(2);
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/i.test(name) ? [path] : [];
  });
}

const files = yamlFiles(root).sort();
let accepted = 0;
const reasons = new Map<string, number>();
/** Flows refused for each plugin (or type) Osprey lacks, counted once per flow. */
const missing = new Map<string, number>();
const PLUGIN =
  /(?:belongs to the plugin|of the plugin) (io\.kestra\.[\w.]+)|type (io\.kestra\.plugin\.core\.[\w.]+) is a Kestra core type/;
for (const file of files) {
  const result = parseFlow(readFileSync(file, "utf8"));
  const name = relative(root, file);
  if (result.ok) {
    accepted++;
    console.log(`accepted  ${name}`);
    continue;
  }
  console.log(`refused   ${name}`);
  for (const p of result.problems.slice(0, 3))
    console.log(`          ${p.line !== undefined ? `line ${p.line}:${p.column ?? 0} ` : ""}${p.message}`);
  const reason = (result.problems[0]?.message ?? "invalid")
    .replace(/^[^:]*\]: /, "")
    .replace(/"[^"]*"/g, '"…"')
    .slice(0, 100);
  reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  const plugins = new Set(result.problems.map((p) => PLUGIN.exec(p.message)).flatMap((m) => (m ? [m[1] ?? m[2]] : [])));
  for (const plugin of plugins) missing.set(plugin, (missing.get(plugin) ?? 0) + 1);
}
console.log(`\n${accepted} of ${files.length} flows accepted`);
for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 15))
  console.log(`  ${String(n).padStart(4)}  ${reason}`);
if (missing.size) {
  console.log("\nflows refused for a plugin or core type Osprey lacks:");
  for (const [plugin, n] of [...missing].sort((a, b) => b[1] - a[1]))
    console.log(`  ${String(n).padStart(4)}  ${plugin}`);
}
process.exit(accepted === files.length ? 0 : 1);
