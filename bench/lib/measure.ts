import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Milliseconds of one plain `docker run --rm` of the same image and command: the baseline. */
export async function timeDockerRun(image: string, command: string, discardOutput = false): Promise<number> {
  const started = performance.now();
  const shell = discardOutput
    ? `docker run --rm ${image} /bin/sh -c '${command}' > /dev/null`
    : `docker run --rm ${image} /bin/sh -c '${command}'`;
  await run("/bin/sh", ["-c", shell], { maxBuffer: 64 * 1024 * 1024 });
  return performance.now() - started;
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export function ratioLine(name: string, osprey: number, docker: number, target: number, unit = "ms"): string {
  const ratio = osprey / docker;
  return `${name}: osprey ${osprey.toFixed(0)} ${unit}, docker ${docker.toFixed(0)} ${unit}, ratio ${ratio.toFixed(2)} (target ≤ ${target}) ${ratio <= target ? "OK" : "ABOVE TARGET"}`;
}
