import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isPostgresUrl } from "../db/database-kind";
import { adminToken, TEST_ADMIN_ENV } from "./accounts";

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  databaseUrl: string;
  /** SIGTERM and wait for the exit. */
  stop: () => Promise<void>;
  /** SIGKILL: a crash, nothing cleaned up. */
  crash: () => Promise<void>;
  /** An admin's API token (the first admin is TEST_ADMIN); made again after a restart on the same database. */
  token: string;
}

/**
 * The environment of a server (or worker) on a database (a fresh SQLite one unless given): its keys
 * sit beside the database (for PostgreSQL, in a folder named after it), so a restarted server, a
 * second one, or a worker on the same database reads the same secrets, sessions and files.
 */
export function serverEnv(
  databaseUrl?: string,
  extraEnv: Record<string, string> = {},
): { url: string; env: NodeJS.ProcessEnv } {
  const url = databaseUrl ?? `file:${join(mkdtempSync(join(tmpdir(), "osprey-server-")), "osprey.db")}`;
  const dir = isPostgresUrl(url)
    ? join(tmpdir(), `osprey-server-${new URL(url).pathname.slice(1)}`)
    : url.slice("file:".length, url.lastIndexOf("/"));
  mkdirSync(dir, { recursive: true });
  const env = {
    ...process.env,
    DATABASE_URL: url,
    OSPREY_SECRET_KEY_FILE: join(dir, "secret.key"),
    OSPREY_AUTH_SECRET_FILE: join(dir, "auth.secret"),
    OSPREY_STORAGE_DIR: join(dir, "storage"),
    NEXT_TELEMETRY_DISABLED: "1",
    ...TEST_ADMIN_ENV,
    ...extraEnv,
  };
  return { url, env };
}

/**
 * Starts the built app (`next build` first) as its own process on a database (a fresh SQLite one
 * unless given), as `npm run up` would. Benchmarks and crash tests use it.
 */
export async function startServer(
  port: number,
  databaseUrl?: string,
  extraEnv: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  const { url, env } = serverEnv(databaseUrl, extraEnv);
  execFileSync("npx", ["tsx", "scripts/migrate.ts"], { env, stdio: "pipe" });
  execFileSync("npx", ["tsx", "scripts/create-admin.ts"], { env, stdio: "pipe" });
  // Start node directly (not through npx) so `pid` is the server itself, for RSS readings and kills.
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, "node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)],
    {
      env,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const control = controlOf(child);
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`${baseUrl}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { baseUrl, token: await adminToken(baseUrl), databaseUrl: url, ...control };
}

/** A child process's pid and its two ends: SIGTERM (stop) or SIGKILL (crash), each waiting for the exit. */
export function controlOf(child: ChildProcess): {
  pid: number;
  stop: () => Promise<void>;
  crash: () => Promise<void>;
  freeze: () => void;
  thaw: () => void;
} {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const end = (signal: NodeJS.Signals) => async () => {
    // A frozen process acts on no signal but SIGKILL: thaw it first.
    child.kill("SIGCONT");
    child.kill(signal);
    await exited;
  };
  return {
    pid: child.pid!,
    stop: end("SIGTERM"),
    crash: end("SIGKILL"),
    freeze: () => child.kill("SIGSTOP"),
    thaw: () => child.kill("SIGCONT"),
  };
}
