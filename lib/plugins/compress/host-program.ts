import { spawn } from "node:child_process";
import { Readable } from "node:stream";

// Compressors with no safe streaming npm package (BZIP2, XZ, LZMA, ZSTD, LZ4) run as the server's own
// programs: fixed arguments, data through stdin and stdout only, so they stream with backpressure, in
// bounded memory, and touch no file. A pure-JS bzip2 decoder holds a whole block's output (up to ~45 MB
// from a few bytes) in memory, which a crafted file repeats block after block.

export interface HostProgram {
  program: string;
  args: readonly string[];
  /** What the flow asked for, to name it in errors. */
  label: string;
}

/** `input` through `program`; its failure (exit code, missing program) ends the iteration with an error. */
export async function* throughProgram(
  input: AsyncIterable<Uint8Array>,
  { program, args, label }: HostProgram,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const child = spawn(program, args, { stdio: ["pipe", "pipe", "pipe"], signal });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-2000);
  });
  const ended = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once("error", (error) => resolve({ code: null, error }));
    child.once("close", (code) => resolve({ code }));
  });
  let sourceError: Error | undefined;
  const source = Readable.from(input, { objectMode: false });
  source.on("error", (err) => {
    sourceError = err;
    child.kill("SIGKILL");
  });
  // A program that stops reading early (a corrupt stream) closes its stdin: its exit code tells why.
  child.stdin.on("error", (err) => {
    stderr ||= err.message;
  });
  source.pipe(child.stdin);
  try {
    for await (const chunk of child.stdout) yield chunk as Uint8Array;
    const { code, error } = await ended;
    if (sourceError) throw sourceError;
    if (error) throw programError(error, program, label);
    if (code !== 0)
      throw new Error(`${label}: ${program} failed (exit code ${code}): ${stderr.trim() || "no message"}`);
  } finally {
    source.destroy();
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

function programError(error: Error, program: string, label: string): Error {
  if ((error as NodeJS.ErrnoException).code === "ENOENT")
    return new Error(`${label} needs the \`${program}\` program on the server, which is not installed`);
  if (error.name === "AbortError") return new Error(`${label}: stopped (the task was killed or timed out)`);
  return new Error(`${label}: ${program} failed: ${error.message}`);
}
