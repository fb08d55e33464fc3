import type { TConfig } from "../config";
import type { ExecutorDeps } from "../deps/executor-deps";
import type { TPollingTrigger } from "../flow/trigger-schemas";
import type { PolledVariables } from "../plugin-kit/plugin-trigger";
import type { PollFiles } from "./poll-files";

/**
 * What a poll needs besides the database: the template workers and the settings; the secret store
 * for `secret()` in a trigger's properties and the storage for the files a poll keeps (without
 * them, a trigger that asks for one fails with why).
 */
export type PollDeps = Pick<ExecutorDeps, "db" | "templates" | "config"> &
  Partial<Pick<ExecutorDeps, "secrets" | "storage">>;

/** One claimed poll, as a trigger type's own part sees it. */
export interface PollRun {
  /** The settings as an admin left them (OSPREY_HTTP_*, OSPREY_ALLOW_SQL_HOST_FILES, file limits). */
  config: TConfig;
  trigger: TPollingTrigger;
  flow: { namespace: string; id: string; revision: number };
  /** Renders the trigger's own properties, `secret()` included. */
  render<T>(value: T): Promise<T>;
  /** Renders one expression over `variables` and `flow`, without secrets (responseCondition). */
  renderText(expression: string, variables: Record<string, unknown>): Promise<string>;
  /** Files for the execution the poll starts; dropped when it starts none. */
  files: PollFiles;
  signal: AbortSignal;
  /** A line of the server's log, under the trigger's name. */
  log(message: string): void;
}

/** A trigger type's own part of a poll: what it found for `trigger.*`, or null when nothing new. */
export type PollStep = (run: PollRun) => Promise<PolledVariables>;
