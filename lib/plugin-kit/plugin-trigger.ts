import type { z } from "zod";
import type { LogLevel, PluginContext } from "./plugin-task";

/**
 * A polling trigger type of a plugin family (Kestra's PollingTriggerInterface), as the flow schema sees
 * it. Client-safe: no poll code here. The scheduler polls it every `interval`, claimed once across servers.
 */
export interface PluginTriggerSchema {
  type: string;
  /** Older names Kestra still accepts for it. */
  aliases: readonly string[];
  title: string;
  description: string;
  /** Its own properties; those of every polling trigger (id, conditions, interval, stopAfter, labels…)
   *  are added by the flow schema. */
  shape: z.ZodRawShape;
  /** Kestra's default `interval` for the type (ISO-8601, e.g. `PT60S`). */
  interval: string;
}

/**
 * What a poll may do, given by the server. A trigger runs before any execution exists: it reads no
 * stored file, and what it stores belongs to the execution it starts (discarded when it starts none).
 */
export interface PluginTriggerContext {
  /** To the server's log, under the trigger's name; TRACE and DEBUG are dropped. */
  log(message: string, level?: LogLevel): void;
  /** Aborted when the scheduler stops. */
  signal: AbortSignal;
  flow: { namespace: string; id: string; revision: number };
  triggerId: string;
  /** Stores a file for the execution this poll starts (under the output file limits); returns its URI. */
  putFile: PluginContext["putFile"];
  /** As PluginContext's: SQLite and DuckDB open host files only when an admin allows it. */
  allowHostFiles: boolean;
  /** As PluginContext's: agents whose connections pass the server's address rules (OSPREY_HTTP_*). */
  httpAgents?: PluginContext["httpAgents"];
  /** As PluginContext's: a host a SQL trigger connects to, under the same lists and address rules. */
  connectTo: PluginContext["connectTo"];
}

/** What one poll found: the variables the execution reads as `trigger.*`; null when there is nothing new. */
export type PolledVariables = { variables: Record<string, unknown> } | null;

/** One poll from the trigger's own properties, rendered. A throw is logged and the next poll still happens. */
export type PluginPoll = (ctx: PluginTriggerContext, props: Record<string, unknown>) => Promise<PolledVariables>;

/** One line per type; aliases are resolved before, by the flow parser. */
export type PluginPolls = Readonly<Record<string, PluginPoll>>;
