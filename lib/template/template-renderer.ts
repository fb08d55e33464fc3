import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import type { TConfig } from "../config";
import { hasExpression, TemplateError } from "./render";
import { renderDepthError } from "./render-depth";
import type { RenderRequest, RenderResult } from "./render-request";

export interface TemplateLimits {
  /** Longest one evaluation may take, on its process's own clock (waiting for a process, a busy
   *  server and (de)serialising the context do not count). */
  timeoutMs: number;
  /** Heap of each template process, in MB: a render that needs more ends its process. */
  memoryMb: number;
  /** Processes rendering at once. */
  workers: number;
  /** Evaluation steps one expression may take, unless the request says otherwise. */
  maxSteps?: number;
  /** How long a template process may stay silent past the time limit before it is given up
   *  (default: the time limit, at least 5 s). Only a process that stopped answering meets it. */
  backstopGraceMs?: number;
}

interface Job {
  request: RenderRequest;
  resolve: (r: RenderResult) => void;
  reject: (e: Error) => void;
}

interface ActiveJob extends Job {
  id: number;
  /** The backstop's current timer (see `arm`). */
  timer?: NodeJS.Timeout;
  /** The process said it began evaluating. */
  started?: boolean;
  /** The backstop ran out once and asked the process whether it is still there. */
  probed?: boolean;
}

interface Slot {
  child: ChildProcess;
  job: ActiveJob | null;
  /** Last lines the process wrote to stderr: tells an out-of-memory end from another crash. */
  stderr: string;
}

/** What a template process sends (see render-child.ts). */
type Reply =
  | { ready: true }
  | { id: number; started: true }
  | { alive: number }
  | { id: number; ok: boolean; timedOut?: boolean; result?: RenderResult; message?: string };

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
    if (!anyExpression(request.value))
      return Promise.resolve({
        value: request.value,
        display: request.display ? request.value : undefined,
        usedSecrets: [],
      });
    if (this.closed) return Promise.reject(new Error("the template renderer is closed"));
    // Refused here: too deep a value would overflow the stack that (de)serialises it.
    const tooDeep = renderDepthError(request);
    if (tooDeep) return Promise.reject(tooDeep);
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
      const slot =
        this.slots.find((s) => s.job === null) ?? (this.slots.length < this.limits.workers ? this.spawn() : null);
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = { ...job, id: this.nextId++ };
      if (slot.child.connected && (slot.child as { ready?: boolean }).ready) this.send(slot);
    }
  }

  /**
   * Sends the slot's job. The time limit is the process's own (vm's `timeout` around the evaluation
   * alone); the server only keeps a backstop for a process that stopped answering, so waiting in
   * the queue, a busy server and (de)serialising a large context never count against a render.
   */
  private send(slot: Slot): void {
    const job = slot.job!;
    try {
      slot.child.send({ id: job.id, request: job.request });
    } catch (err) {
      // Serialising refused the request (the process never saw it): this render fails, the process stays.
      slot.job = null;
      job.reject(
        new TemplateError(
          `cannot pass the expression's data to its process: ${err instanceof Error ? err.message : String(err)}`,
          "",
        ),
      );
      this.pump();
      return;
    }
    this.arm(slot, job);
  }

  /** Until the process reports again: the time limit, and a grace for the reply to travel. */
  private arm(slot: Slot, job: ActiveJob, ms = this.limits.timeoutMs + this.graceMs()): void {
    clearTimeout(job.timer);
    const timer = setTimeout(() => {
      // Timers run before I/O: replies that arrived while this process was busy are handled first.
      setImmediate(() => {
        if (slot.job !== job || job.timer !== timer) return;
        if (job.probed) return this.fail(slot, job.started ? this.timeoutError() : this.silentError());
        // Ask before giving up: a process answers only between renders, so after its reply, which
        // may still be on its way (a large one takes several reads).
        job.probed = true;
        // (Sending to a process that has just ended emits `error`, whose handler fails the job.)
        slot.child.send({ probe: job.id });
        this.arm(slot, job, this.graceMs());
      });
    }, ms);
    job.timer = timer;
  }

  private graceMs(): number {
    return this.limits.backstopGraceMs ?? Math.max(5_000, this.limits.timeoutMs);
  }

  private spawn(): Slot {
    const child = fork(/* turbopackIgnore: true */ CHILD, [String(this.limits.timeoutMs)], {
      execArgv: [
        "--import",
        "tsx",
        `--max-old-space-size=${this.limits.memoryMb}`,
        `--max-semi-space-size=${Math.min(16, this.limits.memoryMb)}`,
      ],
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
      if ("alive" in m) {
        // Idle, yet no reply came for this job: it is lost, not slow.
        if (job && job.id === m.alive)
          this.fail(slot, new TemplateError("expression process finished without answering and was stopped", ""));
        return;
      }
      if (!job || job.id !== m.id) return;
      if ("started" in m) {
        // The evaluation's clock (the process's own) starts now; the backstop waits past it.
        job.started = true;
        job.probed = false;
        this.arm(slot, job);
        return;
      }
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
    return new TemplateError(
      `expression took longer than ${seconds(this.limits.timeoutMs)} (OSPREY_TEMPLATE_TIMEOUT_MS) and was stopped`,
      "",
    );
  }

  private silentError(): TemplateError {
    return new TemplateError(
      `expression process stopped answering before it began the render and was stopped (a render may take ${seconds(this.limits.timeoutMs)}, OSPREY_TEMPLATE_TIMEOUT_MS)`,
      "",
    );
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

/** Whether any string inside `value` holds an expression (a walk without recursion: any depth is fine). */
function anyExpression(value: unknown): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (hasExpression(v)) return true;
    } else if (v && typeof v === "object")
      for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push(child);
  }
  return false;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
