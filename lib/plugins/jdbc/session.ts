import type { PluginContext } from "../../plugin-kit/plugin-task";
import type { Zones } from "./cells";

// What the Query and Queries runs need from a database, whichever driver speaks to it: one
// connection that runs statements one at a time, and transactions around them.

/** One row's cells, converted as Kestra's cell converter of that database does (see cells.ts). */
export type Cells = unknown[];

/** A statement's result set: column labels, then rows in batches (streamed where the driver can). */
export interface RowSet {
  columns: string[];
  /** Iterate to the end, or break out: the rest is then discarded and the cursor closed. */
  batches: AsyncIterable<Cells[]>;
}

export interface RunOptions {
  /** Read rows as they come, `fetchSize` at a time (STORE, FETCH_ONE); else the driver may read them at once. */
  stream: boolean;
  fetchSize: number;
}

export interface SqlSession {
  /** The database as messages name it (`PostgreSQL 127.0.0.1:5432/app`): never a credential. */
  readonly target: string;
  /** Runs one statement; its result set, or null when it has none (an INSERT, a CREATE). */
  run(sql: string, values: unknown[] | null, options: RunOptions): Promise<RowSet | null>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Stops the running statement (a kill or a timeout); it then fails. */
  cancel(): void;
  close(): Promise<void>;
}

export type Props = Record<string, unknown>;

/** A database family: how to reach it, and how its SQL writes placeholders. */
export interface Dialect {
  /** `PostgreSQL`, `MySQL`, `MariaDB`, `SQLite`, `DuckDB`. */
  label: string;
  /** Kestra's getScheme(): the URL must start with it. */
  scheme: string;
  /** The n-th placeholder; a dialect that `inlinesValues` writes the value itself, escaped. */
  placeholder: (n: number, value: unknown) => string;
  inlinesValues?: boolean;
  /** MySQL reads `\'` in quotes as an escaped quote. */
  backslashEscapes?: boolean;
  /** A parameter value as the driver binds it. */
  bindValue: (value: unknown) => unknown;
  open(ctx: PluginContext, props: Props, task: "Query" | "Queries", zones: Zones): Promise<Opened>;
}

export interface Opened {
  session: SqlSession;
  /** Changes a Query's SQL before it runs (DuckDB's relative `filename` column). */
  rewrite?: (sql: string) => string;
  /** After the session is closed: outputs the database adds (`databaseUri`…), and cleanup. */
  finish(ok: boolean): Promise<Record<string, unknown>>;
}

/** An error naming the database and what failed, from a driver's error. */
export function dbError(what: string, target: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  return new Error(`${what} on ${target}: ${message.trim() || (err as { code?: string }).code || "unknown error"}`);
}

/** Plain values a driver binds: booleans, numbers, text, bytes, null; maps and lists as JSON text. */
export function jsonOrPlain(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === "object" && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return value;
}
