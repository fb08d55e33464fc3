import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface BenchServer {
  baseUrl: string;
  pid: number;
  stop: () => Promise<void>;
}

/** Starts the built app (`next build` first) on a fresh SQLite database, as `npm run up` would. */
export async function startServer(port = 3200): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), "osprey-bench-"));
  const env = { ...process.env, DATABASE_URL: `file:${join(dir, "osprey.db")}`, NEXT_TELEMETRY_DISABLED: "1" };
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env, stdio: "pipe" });
  // Start node directly (not through npx) so `pid` is the server itself, for RSS readings.
  const child: ChildProcess = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
