import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import type { TConfig } from "../config";
import { hasExpression, TemplateError } from "./render";
import type { RenderRequest, RenderResult } from "./render-request";

export interface TemplateLimits {
  /** Longest one render may take before its process is killed. */
  timeoutMs: number;
  /** Heap of each template process, in MB: a render that needs more ends its process. */
  memoryMb: number;
  /** Processes rendering at once. */
  workers: number;
  /** Evaluation steps one expression may take, unless the request says otherwise. */
  maxSteps?: number;
}

interface Job {
  request: RenderRequest;
  resolve: (r: RenderResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  child: ChildProcess;
  job: (Job & { id: number; timer?: NodeJS.Timeout }) | null;
  /** Last lines the process wrote to stderr: tells an out-of-memory end from another crash. */
  stderr: string;
}

type Reply = { ready: true } | { id: number; ok: boolean; timedOut?: boolean; result?: RenderResult; message?: string };

// Run from the app's folder (as `npm run up`, `next start` and the tests do), through tsx: the
// renderer is TypeScript and lives outside the bundle on purpose (it is a separate process).
const CHILD = join(process.cwd(), "lib/template/render-child.ts");

/**
 * Renders flow authors' expressions away from the server's event loop: each render runs in a
 * separate Node process with a heap limit, under a time limit. A render that exceeds either ends
 * its process (a fresh one takes its place) and fails with a clear message; the server never waits
 * on it and cannot be taken down by it.
 */
export class TemplateRenderer {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly limits: TemplateLimits) {}

  render(request: RenderRequest): Promise<RenderResult> {
    // Plain values (most tasks' most properties) need no process round trip.
    if (!anyExpression(request.value)) return Promise.resolve({ value: request.value, display: request.display ? request.value : undefined, usedSecrets: [] });
    if (this.closed) return Promise.reject(new Error("the template renderer is closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { maxSteps: this.limits.maxSteps, ...request }, resolve, reject });
      this.pump();
    });
  }

  /** Starts the processes ahead of the first render (each takes a few hundred ms to boot). */
  warm(): void {
    while (!this.closed && this.slots.length < this.limits.workers) this.spawn();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error("the template renderer is closed"));
    for (const slot of this.slots.splice(0)) slot.child.kill("SIGKILL");
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.job === null) ?? (this.slots.length < this.limits.workers ? this.spawn() : null);
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = { ...job, id: this.nextId++ };
      if (slot.child.connected && (slot.child as { ready?: boolean }).ready) this.send(slot);
    }
  }

  /** Sends the slot's job; the clock starts here, not while the process was starting. */
  private send(slot: Slot): void {
    const job = slot.job!;
    // The process interrupts a long render itself; this is the backstop for one that cannot answer.
    job.timer = setTimeout(() => this.fail(slot, this.timeoutError()), this.limits.timeoutMs + 1_000);
    slot.child.send({ id: job.id, request: job.request });
  }

  private spawn(): Slot {
    const child = fork(/* turbopackIgnore: true */ CHILD, [String(this.limits.timeoutMs)], {
      execArgv: ["--import", "tsx", `--max-old-space-size=${this.limits.memoryMb}`, `--max-semi-space-size=${Math.min(16, this.limits.memoryMb)}`],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "advanced",
    });
    const slot: Slot = { child, job: null, stderr: "" };
    child.unref();
    child.channel?.unref();
    child.stderr?.on("data", (chunk: Buffer) => {
      slot.stderr = (slot.stderr + chunk.toString("utf8")).slice(-4096);
    });
    child.on("message", (m: Reply) => {
      if ("ready" in m) {
        (child as { ready?: boolean }).ready = true;
        if (slot.job) this.send(slot);
        return;
      }
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      clearTimeout(job.timer);
      slot.job = null;
      if (m.ok) job.resolve(m.result!);
      else job.reject(m.timedOut ? this.timeoutError() : new TemplateError(m.message ?? "expression failed", ""));
      this.pump();
    });
    child.on("exit", () => {
      const outOfMemory = /out of memory|heap limit|Allocation failed/i.test(slot.stderr);
      this.fail(
        slot,
        new TemplateError(
          outOfMemory
            ? `expression needed more than ${this.limits.memoryMb} MB of memory (OSPREY_TEMPLATE_MEMORY_MB) and was stopped`
            : `expression process ended unexpectedly${slot.stderr ? `: ${slot.stderr.trim().split("\n").at(-1)}` : ""}`,
          "",
        ),
      );
    });
    child.on("error", (err) => this.fail(slot, new TemplateError(`expression process failed: ${err.message}`, "")));
    this.slots.push(slot);
    return slot;
  }

  private timeoutError(): TemplateError {
    return new TemplateError(`expression took longer than ${seconds(this.limits.timeoutMs)} (OSPREY_TEMPLATE_TIMEOUT_MS) and was stopped`, "");
  }

  /** Ends a slot's job with `error` and kills its process (it may be stuck in a loop or out of memory). */
  private fail(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    const job = slot.job;
    slot.job = null;
    if (job) {
      clearTimeout(job.timer);
      job.reject(error);
    }
    slot.child.kill("SIGKILL");
    if (!this.closed) this.pump();
  }
}

/** A renderer with the configured limits. */
export function templateRendererFor(config: TConfig): TemplateRenderer {
  return new TemplateRenderer({
    timeoutMs: config.OSPREY_TEMPLATE_TIMEOUT_MS,
    memoryMb: config.OSPREY_TEMPLATE_MEMORY_MB,
    workers: config.OSPREY_TEMPLATE_WORKERS,
    maxSteps: config.OSPREY_TEMPLATE_MAX_STEPS,
  });
}

function anyExpression(value: unknown): boolean {
  if (typeof value === "string") return hasExpression(value);
  if (Array.isArray(value)) return value.some(anyExpression);
  if (value && typeof value === "object") return Object.values(value).some(anyExpression);
  return false;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
