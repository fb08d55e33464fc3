import { execFileSync } from "node:child_process";

/** Runs a set-up script of scripts/ (which starts its service if needed) and returns what it prints as `KEY=value`. */
export function scriptValue(script: string, key: string): string {
  const out = execFileSync("bash", [`scripts/${script}`], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const line = out.split("\n").find((l) => l.startsWith(`${key}=`));
  if (!line) throw new Error(`${script} printed no ${key}: ${out}`);
  return line.slice(key.length + 1);
}
