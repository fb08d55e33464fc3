import type pg from "pg";
import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { State } from "../../states/states";
import { toBool } from "../../values/values";
import { openPostgres } from "./postgres";
import { dbError, type Props } from "./session";

// Kestra's postgresql.CopyIn and CopyOut: PostgreSQL's COPY … FROM STDIN / TO STDOUT, streamed in
// both directions through pg's Submittable hook (what pg-copy-streams does), without that package.

/** Kestra's AbstractCopy.query: `COPY <table (cols) | (query)> <dest> [WITH (options)]`. */
export function copySql(props: Props, query: string | undefined, dest: "FROM STDIN" | "TO STDOUT"): string {
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  const sql = ["COPY"];
  if (query === undefined) {
    sql.push(String(props.table ?? ""));
    const columns = list(props.columns);
    if (columns.length > 0) sql.push(`(${columns.join(", ")})`);
  } else {
    sql.push(`(${query})`);
  }
  sql.push(dest);
  const options: string[] = [];
  const format = String(props.format ?? "TEXT");
  if (format !== "TEXT") options.push(`FORMAT ${format}`);
  if (toBool(props.oids, "oids", false)) options.push("OIDS");
  if (toBool(props.freeze, "freeze", false)) options.push("FREEZE");
  if (props.delimiter != null) options.push(`DELIMITER '${String(props.delimiter)}'`);
  if (props.nullString != null) options.push(`NULL '${String(props.nullString)}'`);
  if (props.header != null) options.push(`HEADER ${toBool(props.header, "header", false) ? "TRUE" : "FALSE"}`);
  if (props.quote != null) options.push(`QUOTE '${String(props.quote)}'`);
  if (props.escape != null) options.push(`ESCAPE '${String(props.escape)}'`);
  const forceQuote = list(props.forceQuote);
  if (forceQuote.length > 0)
    options.push(
      `FORCE_QUOTE ${forceQuote.length === 1 && forceQuote[0] === "*" ? "*" : `(${forceQuote.join(", ")})`}`,
    );
  const forceNotNull = list(props.forceNotNull);
  if (forceNotNull.length > 0) options.push(`FORCE_NOT_NULL (${forceNotNull.join(", ")})`);
  const forceNull = list(props.forceNull);
  if (forceNull.length > 0) options.push(`FORCE_NULL (${forceNull.join(", ")})`);
  if (props.encoding != null) options.push(`ENCODING '${String(props.encoding)}'`);
  if (options.length > 0) sql.push(`WITH (${options.join(", ")})`);
  return sql.join(" ");
}

/** `CopyIn`: the file at `from` into a table. Outputs `rowCount`. */
export async function runCopyIn(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  if (!props.from) throw new Error("from is required");
  const sql = copySql(props, undefined, "FROM STDIN");
  const file = await ctx.openFile(String(props.from));
  return withClient(ctx, props, async (client, target) => {
    ctx.log(`Starting query: ${sql}`, "DEBUG");
    const copy = new Copy(sql, file.stream);
    client.query(copy);
    const rowCount = await copy.done.catch((err: unknown) => {
      throw dbError("COPY failed", target, err);
    });
    return { rowCount };
  });
}

/** `CopyOut`: a table or `sql`'s rows as COPY writes them, into a file. Outputs `uri`, `rowCount`. */
export async function runCopyOut(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const query = props.sql === undefined || props.sql === null ? undefined : String(props.sql);
  const sql = copySql(props, query, "TO STDOUT");
  return withClient(ctx, props, async (client, target) => {
    ctx.log(`Starting query: ${sql}`, "DEBUG");
    const copy = new Copy(sql);
    client.query(copy);
    const uri = await ctx.putFile("copy-out", copy.chunks()).catch(async (err: unknown) => {
      // A failed COPY ends the stream with its error; prefer the database's words.
      await copy.done.catch((dbErr: unknown) => {
        throw dbError("COPY failed", target, dbErr);
      });
      throw err;
    });
    const rowCount = await copy.done.catch((err: unknown) => {
      throw dbError("COPY failed", target, err);
    });
    return { uri, rowCount };
  });
}

async function withClient(
  ctx: PluginContext,
  props: Props,
  body: (client: pg.Client, target: string) => Promise<Record<string, unknown>>,
): Promise<PluginOutcome> {
  const { client, target, cancel } = await openPostgres(ctx, props);
  const stop = () => cancel();
  ctx.signal.addEventListener("abort", stop, { once: true });
  try {
    return { state: State.SUCCESS, outputs: await body(client, target) };
  } finally {
    ctx.signal.removeEventListener("abort", stop);
    await client.end().catch(() => undefined);
  }
}

/** What pg calls on a Submittable, and the connection methods a COPY needs. */
interface Wire {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.ReadableStream & NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

/** Holds this many COPY messages (about a row each) before pausing the socket. */
const HIGH_WATER = 4096;

/** One COPY statement on the wire: sends `source` for FROM STDIN, or hands out the data of TO STDOUT. */
class Copy {
  readonly done: Promise<number>;
  private settle!: { resolve: (rows: number) => void; reject: (err: unknown) => void };
  private rowCount = 0;
  private error: unknown = null;
  private readonly queue: Buffer[] = [];
  private finished = false;
  private wake: (() => void) | null = null;
  private wire: Wire | null = null;

  constructor(
    private readonly text: string,
    private readonly source?: AsyncIterable<Buffer | string>,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // Read by chunks() or runCopyIn; never an unhandled rejection.
    this.done.catch(() => undefined);
  }

  submit(connection: pg.Connection) {
    this.wire = connection as unknown as Wire;
    this.wire.query(this.text);
  }

  async handleCopyInResponse(connection: Wire) {
    try {
      if (!this.source) throw new Error("no source for COPY FROM STDIN");
      for await (const chunk of this.source) {
        connection.sendCopyFromChunk(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
        if (connection.stream.writableNeedDrain)
          await new Promise<void>((resolve) => connection.stream.once("drain", () => resolve()));
      }
      connection.endCopyFrom();
    } catch (err) {
      connection.sendCopyFail(err instanceof Error ? err.message : String(err));
    }
  }

  handleCopyData(msg: { chunk: Buffer }, connection: Wire) {
    // A view into pg's read buffer, which the next socket read overwrites: copied.
    this.queue.push(Buffer.from(msg.chunk));
    if (this.queue.length >= HIGH_WATER) connection.stream.pause();
    this.wake?.();
  }

  handleCommandComplete(msg: { text?: string }) {
    this.rowCount = Number(/^COPY (\d+)/.exec(msg.text ?? "")?.[1] ?? 0);
  }

  /** pg lets go of the statement on an error: no ReadyForQuery comes here after it. */
  handleError(err: unknown) {
    this.error = err;
    this.end();
  }

  handleReadyForQuery() {
    this.end();
  }

  private end() {
    if (this.finished) return;
    this.finished = true;
    if (this.error) this.settle.reject(this.error);
    else this.settle.resolve(this.rowCount);
    this.wire?.stream.resume();
    this.wake?.();
  }

  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}

  /** The COPY TO STDOUT data as it arrives; throws the database's error if the COPY fails. */
  async *chunks(): AsyncGenerator<Buffer> {
    for (;;) {
      if (this.queue.length > 0) {
        // COPY sends a message a row: handed on together.
        const chunk = Buffer.concat(this.queue.splice(0));
        this.wire?.stream.resume();
        yield chunk;
      } else if (this.finished) {
        if (this.error) throw this.error;
        return;
      } else {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = null;
      }
    }
  }
}
