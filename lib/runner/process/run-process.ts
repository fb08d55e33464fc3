import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import picomatch from "picomatch";
import type { RunContainerHooks } from "../docker/run-container";
import type { FileSink } from "../file-sink";
import { OutputLineSplitter } from "../output-lines";
import type { ContainerSpec } from "../script-spec";

/**
 * Kestra's Process runner: the task's command as a process on the server's host, in `spec.workingDir`
 * (a fresh temporary folder). Only reachable when an admin allowed it. The same hooks as a container:
 * lines with backpressure, kill on abort (the whole process group), files streamed to `hooks.files` after.
 */
export async function runProcess(spec: ContainerSpec, hooks: RunContainerHooks): Promise<{ exitCode: number }> {
  await mkdir(spec.workingDir, { recursive: true });
  await mkdir(spec.outputDir, { recursive: true });
  for (const f of spec.files) {
    const path = join(spec.workingDir, f.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, f.content);
  }
  hooks.signal?.throwIfAborted();
  // A minimal environment: the server's own variables (its secrets among them) stay out.
  const env: NodeJS.ProcessEnv = {
    PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    HOME: spec.workingDir,
    ...spec.env,
  } as unknown as NodeJS.ProcessEnv;
  const [command, ...args] = spec.cmd;
  const child = spawn(command, args, { cwd: spec.workingDir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  hooks.onSystem(`Process ${child.pid} started on the server's host`);
  const onAbort = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  };
  hooks.signal?.addEventListener("abort", onAbort, { once: true });
  const pipe = (stream: NodeJS.ReadableStream, name: "stdout" | "stderr") => {
    const splitter = new OutputLineSplitter({ maxProtocolBytes: name === "stdout" ? hooks.maxProtocolLineBytes : 0 });
    stream.on("data", (chunk: Buffer) => {
      let full = false;
      for (const line of splitter.push(chunk)) full = !hooks.onLine(name, line) || full;
      if (full) {
        stream.pause();
        void hooks.drained().then(() => stream.resume());
      }
    });
    return new Promise<void>((resolve) =>
      stream.on("end", () => {
        for (const line of splitter.flush()) hooks.onLine(name, line);
        resolve();
      }),
    );
  };
  const done = Promise.all([pipe(child.stdout!, "stdout"), pipe(child.stderr!, "stderr")]);
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve(code ?? (signal ? 128 + 9 : 1)));
  });
  await done;
  hooks.signal?.removeEventListener("abort", onAbort);
  hooks.signal?.throwIfAborted();
  const matches = spec.outputFiles.length ? picomatch(spec.outputFiles, { dot: true }) : () => false;
  const files = [
    ...(await walk(spec.workingDir)).filter(
      (p) => matches(relative(spec.workingDir, p)) && !p.startsWith(spec.outputDir),
    ),
    ...(await walk(spec.outputDir)),
  ];
  for (const path of files) {
    const base = path.startsWith(spec.outputDir) ? spec.outputDir : spec.workingDir;
    await sendFile(hooks.files, relative(base, path), path);
  }
  return { exitCode };
}

/** One file to the sink, streamed; a refusal (a cap) closes the file at once instead of reading it through. */
async function sendFile(sink: FileSink, name: string, path: string): Promise<void> {
  const { size } = await stat(path);
  const stream = createReadStream(path);
  try {
    await sink.accept(name, size, stream);
  } catch (err) {
    stream.destroy();
    throw err;
  }
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(path)));
    else if (e.isFile()) out.push(path);
  }
  return out;
}
