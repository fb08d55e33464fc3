import { type ChildProcess, spawn } from "node:child_process";
import { controlOf } from "./start-server";

export interface ChildOfTest {
  pid: number;
  /** SIGSTOP: the process is frozen mid-whatever it was doing (a starved or paused machine). */
  freeze: () => void;
  /** SIGCONT: it goes on from exactly where it was, with whatever it had read before. */
  thaw: () => void;
  /** Whether it is still running (it never exits on its own). */
  alive: () => boolean;
  /** SIGTERM (after a thaw: a frozen process cannot act on it); resolves once it has exited. */
  stop: () => Promise<void>;
}

/**
 * Starts a TypeScript file of lib/testing as its own node process (not through npx, so signals
 * reach it and not a wrapper) and waits until it prints `ready`.
 */
export async function startChild(
  script: string,
  env: NodeJS.ProcessEnv,
  args: string[] = [],
  what = script,
): Promise<ChildOfTest> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", script, ...args],
    { env, stdio: ["ignore", "pipe", "inherit"] },
  );
  const control = controlOf(child);
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`${what} did not start within 60 s`)), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes("ready\n")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it started`));
    });
  });
  return {
    pid: control.pid,
    freeze: () => child.kill("SIGSTOP"),
    thaw: () => child.kill("SIGCONT"),
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      child.kill("SIGCONT");
      await control.stop();
    },
  };
}
