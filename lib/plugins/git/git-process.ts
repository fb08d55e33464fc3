import { spawn } from "node:child_process";

// One `git` process on the server's host: arguments as an array (never a shell), a fixed
// environment, its output bounded, and killed with everything it started (git-remote-https, ssh)
// on a timeout or when the task is killed.

export class GitCommandError extends Error {}

export interface GitCall {
  cwd: string;
  env: Record<string, string>;
  signal: AbortSignal;
  timeoutMs: number;
  /** Given on its standard input. */
  input?: Buffer | string;
  /** Exit codes that answer a question (1 for `diff --quiet`) rather than fail. */
  okCodes?: readonly number[];
  /** Most bytes of standard output kept; more fails the command. */
  maxOutputBytes?: number;
  /** Takes secrets out of what git printed before it is shown. */
  redact: (text: string) => string;
}

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

const STDERR_KEPT = 16 * 1024;

export function runGit(args: readonly string[], call: GitCall): Promise<GitResult> {
  const what = `git ${args.find((a) => !a.startsWith("-") && !a.includes("=")) ?? ""}`.trim();
  return new Promise((resolve, reject) => {
    if (call.signal.aborted) return reject(new GitCommandError(`${what}: ${String(call.signal.reason ?? "killed")}`));
    // Its own process group, so a kill reaches the helpers it starts.
    const child = spawn("git", args, {
      cwd: call.cwd,
      env: call.env as NodeJS.ProcessEnv,
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = "";
    let failure: Error | undefined;
    const stop = (reason: Error) => {
      failure ??= reason;
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          child.kill("SIGKILL");
        }
      }
    };
    const timer = setTimeout(
      () => stop(new GitCommandError(`${what} took longer than ${Math.round(call.timeoutMs / 1000)} s and was killed`)),
      call.timeoutMs,
    );
    const onAbort = () => stop(new GitCommandError(`${what}: ${String(call.signal.reason ?? "killed")}`));
    call.signal.addEventListener("abort", onAbort, { once: true });
    child.stdout.on("data", (chunk: Buffer) => {
      outBytes += chunk.length;
      if (call.maxOutputBytes !== undefined && outBytes > call.maxOutputBytes)
        return stop(new GitCommandError(`${what} printed more than ${call.maxOutputBytes} bytes`));
      out.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err = (err + chunk.toString("utf8")).slice(-STDERR_KEPT);
    });
    // A command that does not read all its input closes the pipe early: its exit code says the rest.
    child.stdin.on("error", () => undefined);
    child.stdin.end(call.input ?? "");
    child.on("error", (e: NodeJS.ErrnoException) =>
      stop(
        new GitCommandError(
          e.code === "ENOENT" ? "git is not installed on this server (the git tasks run it)" : `${what}: ${e.message}`,
        ),
      ),
    );
    child.on("close", (code: number | null) => {
      clearTimeout(timer);
      call.signal.removeEventListener("abort", onAbort);
      if (failure) return reject(failure);
      const stderr = call.redact(err);
      if (code !== null && (code === 0 || call.okCodes?.includes(code)))
        return resolve({ code, stdout: Buffer.concat(out), stderr });
      const said = stderr.trim().split("\n").slice(-5).join("\n");
      reject(new GitCommandError(`${what} failed (exit code ${code ?? "none"})${said ? `: ${said}` : ""}`));
    });
  });
}
