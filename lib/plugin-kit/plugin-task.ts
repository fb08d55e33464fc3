import type { Readable } from "node:stream";
import type { z } from "zod";
import type { TOutcomeState } from "../states/states";

/**
 * A task type of a plugin family, as the flow schema sees it: what the editor offers, validates and
 * documents. Client-safe (the editor parses flows in the browser): no run code here.
 */
export interface PluginTaskSchema {
  type: string;
  /** Older names Kestra still accepts for it (`@Plugin(aliases = …)`, or the package it moved from). */
  aliases: readonly string[];
  title: string;
  description: string;
  /** Its own properties; the common task properties (id, retry, timeout…) are added by the flow schema. */
  shape: z.ZodRawShape;
}

export type LogLevel = "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR";

/** What an execution looks like to a task that reports on one (Kestra's `*Execution` notifications). */
export interface ExecutionFacts {
  id: string;
  namespace: string;
  flowId: string;
  state: string;
  startDate: Date;
  endDate: Date | null;
  /** Its task runs in the order they were made. */
  taskRuns: { taskId: string; state: string; error: string | null }[];
  /** The execution's page, when the server knows its public address (OSPREY_PUBLIC_URL). */
  link: string | null;
}

/**
 * What a plugin's run code may do, given by the server: the plugin never imports the engine, so a
 * family is one folder over this port, and its limits (addresses, sizes, namespaces) are the server's.
 */
export interface PluginContext {
  log(message: string, level?: LogLevel): void;
  /** Aborted on a kill or a timeout. */
  signal: AbortSignal;
  execution: { id: string; namespace: string; flowId: string };
  /** The task's id in the flow. */
  taskId: string;
  /** POSTs a body under the server's address rules (OSPREY_HTTP_*) and returns the answer. */
  post(request: PostRequest): Promise<{ status: number; body: string }>;
  /** An execution this flow may see (its own, or one of a namespace it reaches); null when it may not. */
  executionFacts(executionId: string): Promise<ExecutionFacts | null>;
  /** A stored file by its URI (an output file, a FILE input), as a stream; refused beyond this execution's reach. */
  openFile(uri: string): Promise<{ name: string; size: number; stream: Readable }>;
  /** A stored file read whole, up to the output file limit. */
  readFile(uri: string): Promise<{ name: string; content: Buffer }>;
  /** Stores an output file of this task run (under the output file limits) and returns its URI. */
  putFile(name: string, content: AsyncIterable<Uint8Array> | Buffer): Promise<string>;
}

export interface PostRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  /** Longest wait for the answer. Default 10 s. */
  readTimeoutMs?: number;
}

export interface PluginOutcome {
  state: TOutcomeState;
  outputs: Record<string, unknown>;
  error?: string;
}

/** Runs one attempt of a plugin task from its rendered properties. */
export type PluginRun = (ctx: PluginContext, props: Record<string, unknown>) => Promise<PluginOutcome>;

/** One line of the runners' registry per type; aliases are resolved before, by the flow parser. */
export type PluginRunners = Readonly<Record<string, PluginRun>>;
