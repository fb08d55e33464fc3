import type { Agent as HttpAgent } from "node:http";
import type { Agent as HttpsAgent } from "node:https";
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
  /** Agents for an HTTP client the plugin builds itself (an SDK such as AWS's): each connection they open
   *  is checked against the server's address rules (OSPREY_HTTP_*), names resolved and checked as `post` does.
   *  Absent where the server offers no HTTP (a trigger's poll). */
  httpAgents?(): { http: HttpAgent; https: HttpsAgent };
  /** The address to connect to for a host a flow names for SMTP, git or SQL: the host checked against the
   *  admin's list for that protocol (OSPREY_MAIL_HOSTS, OSPREY_GIT_HOSTS, OSPREY_SQL_HOSTS) and each address
   *  it resolves to against the address rules (OSPREY_HTTP_*), as for HTTP. Connect to the address returned. */
  connectTo(host: string, protocol: "smtp" | "git" | "sql"): Promise<string>;
  /** An execution this flow may see (its own, or one of a namespace it reaches); null when it may not. */
  executionFacts(executionId: string): Promise<ExecutionFacts | null>;
  /** A stored file by its URI (an output file, a FILE input), as a stream; refused beyond this execution's reach. */
  openFile(uri: string): Promise<{ name: string; size: number; stream: Readable }>;
  /** A stored file read whole, up to the output file limit. */
  readFile(uri: string): Promise<{ name: string; content: Buffer }>;
  /** Stores an output file of this task run (under the output file limits) and returns its URI. */
  putFile(name: string, content: AsyncIterable<Uint8Array> | Buffer): Promise<string>;
  /** An admin lets tasks that run in the server (SQLite, DuckDB) open files of the host beyond their own
   *  directory (OSPREY_ALLOW_SQL_HOST_FILES); else such a task sees only its own files. */
  allowHostFiles: boolean;
  /** The flows of the namespaces this flow may reach (its own and those below it, or those an admin allows). */
  flows: PluginFlows;
  /** The namespace files of `namespace`; refused beyond this flow's reach, as `flows`. */
  namespaceFiles(namespace: string): Promise<PluginNamespaceFiles>;
}

/** A flow as stored: its YAML as written and its current revision. */
export interface StoredFlow {
  namespace: string;
  id: string;
  revision: number;
  source: string;
}

/** Flows through the port: every call refuses a namespace out of this flow's reach. */
export interface PluginFlows {
  /** The flows of `namespace`, and of those below it when `children`. */
  list(namespace: string, children: boolean): Promise<StoredFlow[]>;
  /** The checks saving makes (the editor's), without saving: the flow's namespace and id, or an error naming the line. */
  validate(source: string): Promise<{ namespace: string; id: string }>;
  /** Saves as the editor does; an unchanged source keeps its revision (`changed` false). */
  save(source: string): Promise<StoredFlow & { changed: boolean }>;
  delete(namespace: string, id: string): Promise<void>;
}

/** One namespace's files, by their path from its root (`scripts/main.py`). */
export interface PluginNamespaceFiles {
  /** Every file's path (no folders), sorted. */
  list(): Promise<string[]>;
  read(path: string): Promise<Buffer>;
  write(path: string, content: Buffer): Promise<void>;
  delete(path: string): Promise<void>;
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
