import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { State } from "../../states/states";
import { isTimezone, serverTimezone } from "../../values/cron";
import { toBool, toNumber } from "../../values/values";
import { RowShape, type Zones } from "./cells";
import { bindNamed } from "./named-params";
import type { Dialect, Props, RowSet, SqlSession } from "./session";
import { splitSql } from "./sql-splitter";

// Kestra's AbstractJdbcQuery and AbstractJdbcQueries over any database of session.ts: render-time
// properties read, statements run, results turned into outputs by `fetchType`.

export const FETCH_TYPES = ["FETCH_ONE", "FETCH", "STORE", "NONE"] as const;
type FetchType = (typeof FETCH_TYPES)[number];

/** One result's outputs (AbstractJdbcBaseQuery.Output): `row` is always written, even null. */
type ResultOutputs = { row: Record<string, unknown> | null; rows?: unknown[]; uri?: string; size?: number };

/** `io.kestra.plugin.jdbc.*.Query`: one statement, its result by `fetchType`, then `afterSQL` in the same transaction. */
export async function runQuery(dialect: Dialect, ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const fetchType = fetchTypeOf(props);
  const sql = required(props.sql, "sql");
  refuseUnsupported(dialect, props);
  const statements = splitSql(sql).filter((s) => s.trim() !== "" && !/^set file_search_path/i.test(s));
  if (statements.length > 1)
    throw new Error("Query task support only a single SQL statement. Use the Queries task to run multiple statements.");
  const afterSQL = text(props.afterSQL);
  if (afterSQL !== undefined && afterStatements(afterSQL) > 1)
    throw new Error(
      "Query task afterSQL supports only a single SQL statement. Use the Queries task to run multiple statements.",
    );
  return withSession(dialect, ctx, props, "Query", async (session, rewrite) => {
    const outputs: ResultOutputs = { row: null };
    if (afterSQL !== undefined) await session.begin();
    try {
      const statement = statements.length === 1 ? rewrite(statements[0]) : rewrite(sql);
      const result = await execute(ctx, dialect, session, statement, props, fetchType);
      if (result) Object.assign(outputs, await collect(ctx, result, fetchType, "query.ion", false));
      if (afterSQL !== undefined) {
        await execute(ctx, dialect, session, afterSQL.trim().replace(/;\s*$/, ""), props, "NONE");
        await session.commit();
      }
    } catch (err) {
      if (afterSQL !== undefined) await session.rollback().catch(() => undefined);
      throw err;
    }
    return outputs;
  });
}

/** `io.kestra.plugin.jdbc.*.Queries`: each statement in turn, in one transaction unless `transaction: false`. */
export async function runQueries(dialect: Dialect, ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const fetchType = fetchTypeOf(props);
  const sql = required(props.sql, "sql");
  refuseUnsupported(dialect, props);
  const transaction = toBool(props.transaction, "transaction", true);
  return withSession(dialect, ctx, props, "Queries", async (session, rewrite) => {
    const outputs: ResultOutputs[] = [];
    if (transaction) await session.begin();
    try {
      for (const [i, statement] of splitSql(sql).entries()) {
        const result = await execute(ctx, dialect, session, rewrite(statement), props, fetchType);
        if (result) {
          if (fetchType === "NONE") ctx.log("fetchType is set to NONE, no output will be returned");
          outputs.push({ row: null, ...(await collect(ctx, result, fetchType, `query-${i + 1}.ion`, true)) });
        }
        // Killed: the next statements do not start.
        if (ctx.signal.aborted) break;
      }
      if (transaction) await session.commit();
    } catch (err) {
      if (transaction) await session.rollback().catch(() => undefined);
      throw err;
    }
    return { outputs };
  });
}

/** Opens the database, runs `body`, closes it; a kill or a timeout cancels the running statement. */
async function withSession(
  dialect: Dialect,
  ctx: PluginContext,
  props: Props,
  task: "Query" | "Queries",
  body: (session: SqlSession, rewrite: (sql: string) => string) => Promise<object>,
): Promise<PluginOutcome> {
  const opened = await dialect.open(ctx, props, task, zonesOf(props));
  const { session } = opened;
  const cancel = () => session.cancel();
  ctx.signal.addEventListener("abort", cancel, { once: true });
  let outputs: object | undefined;
  try {
    outputs = await body(session, opened.rewrite ?? ((sql) => sql));
  } finally {
    ctx.signal.removeEventListener("abort", cancel);
    await session.close();
    const extra = await opened.finish(outputs !== undefined);
    outputs = outputs && { ...outputs, ...extra };
  }
  return { state: State.SUCCESS, outputs: outputs as Record<string, unknown> };
}

/** One statement, with `parameters` bound to its `:name` placeholders when there are any. */
function execute(
  ctx: PluginContext,
  dialect: Dialect,
  session: SqlSession,
  sql: string,
  props: Props,
  fetchType: FetchType,
): Promise<RowSet | null> {
  const parameters = parametersOf(props);
  const bound = parameters ? bindNamed(sql, parameters, dialect.placeholder, dialect.backslashEscapes) : null;
  ctx.log(`Starting query: ${sql}`, "DEBUG");
  const fetchSize = Math.max(1, Math.trunc(toNumber(props.fetchSize, "fetchSize") ?? 10_000));
  const values = bound && !dialect.inlinesValues ? bound.values.map(dialect.bindValue) : null;
  return session.run(bound?.sql ?? sql, values, {
    stream: fetchType === "STORE" || fetchType === "FETCH_ONE",
    fetchSize: fetchType === "FETCH_ONE" ? 1 : fetchSize,
  });
}

/** A result set as outputs: the first row, all rows, or an Ion file of them, with their count. */
async function collect(
  ctx: PluginContext,
  result: RowSet,
  fetchType: FetchType,
  fileName: string,
  queries: boolean,
): Promise<Partial<ResultOutputs>> {
  const shape = new RowShape(result.columns);
  switch (fetchType) {
    case "FETCH_ONE": {
      let row: Record<string, unknown> | null = null;
      for await (const batch of result.batches) {
        if (batch.length > 0) row = shape.json(batch[0]);
        break;
      }
      // Kestra's Queries counts 1 even when there was no row.
      return { row, size: queries || row ? 1 : 0 };
    }
    case "FETCH": {
      const rows: unknown[] = [];
      for await (const batch of result.batches) for (const cells of batch) rows.push(shape.json(cells));
      return { rows, size: rows.length };
    }
    case "STORE": {
      const count = { rows: 0 };
      const uri = await ctx.putFile(fileName, ionFile(result, shape, count));
      return { uri, size: count.rows };
    }
    default:
      // NONE: the statement ran; its rows are not read.
      for await (const _ of result.batches) break;
      return {};
  }
}

/** Text handed on in pieces below V8's large-object size, so a long result does not grow the old space. */
const CHUNK_CHARS = 32 * 1024;

/** The rows as Kestra's FileSerde writes them: one Ion value per line, no newline after the last. */
async function* ionFile(result: RowSet, shape: RowShape, count: { rows: number }): AsyncGenerator<Buffer> {
  let text = "";
  for await (const batch of result.batches) {
    for (const cells of batch) {
      text += (count.rows++ === 0 ? "" : "\n") + shape.ion(cells);
      if (text.length >= CHUNK_CHARS) {
        yield Buffer.from(text);
        text = "";
      }
    }
  }
  if (text !== "") yield Buffer.from(text);
}

/** Kestra's renderFetchType: the deprecated `fetch`, `fetchOne`, `store` first, else `fetchType` (NONE). */
function fetchTypeOf(props: Props): FetchType {
  if (toBool(props.fetch, "fetch", false)) return "FETCH";
  if (toBool(props.fetchOne, "fetchOne", false)) return "FETCH_ONE";
  if (toBool(props.store, "store", false)) return "STORE";
  const value = text(props.fetchType) ?? "NONE";
  if (!(FETCH_TYPES as readonly string[]).includes(value))
    throw new Error(`fetchType must be one of ${FETCH_TYPES.join(", ")}, got "${value}"`);
  return value as FetchType;
}

function zonesOf(props: Props): Zones {
  const server = serverTimezone();
  const zone = text(props.timeZoneId);
  if (zone !== undefined && !isTimezone(zone)) throw new Error(`Unknown time-zone ID: ${zone}`);
  return { zone: zone ?? server, server };
}

/** `parameters`: a map (or its JSON text once rendered); absent, nothing is bound, as Kestra. */
function parametersOf(props: Props): Record<string, unknown> | null {
  let value = props.parameters;
  if (value === undefined || value === null) return null;
  if (typeof value === "string") value = JSON.parse(value) as unknown;
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new Error("parameters must be a map of name to value");
  return Object.keys(value).length === 0 ? null : (value as Record<string, unknown>);
}

/** What Osprey cannot offer yet: values the SQL would reach through expressions Kestra renders late. */
function refuseUnsupported(dialect: Dialect, props: Props): void {
  const outputFiles = props.outputFiles;
  if (Array.isArray(outputFiles) ? outputFiles.length > 0 : text(outputFiles) !== undefined)
    throw new Error(
      `outputFiles is not supported by Osprey's ${dialect.label} tasks yet: the SQL would name them as {{ outputFiles.<name> }}, which Osprey renders before the task runs`,
    );
  if (text(props.inputFile) !== undefined)
    throw new Error(
      `inputFile (LOAD DATA LOCAL INFILE) is not supported by Osprey's ${dialect.label} tasks yet: the SQL would name it as {{ inputFile }}, which Osprey renders before the task runs`,
    );
}

/** Kestra counts afterSQL's statements by `;[^']`. */
function afterStatements(sql: string): number {
  return sql
    .split(/;[^']/)
    .map((s) => s.trim())
    .filter((s) => s !== "" && !s.toLowerCase().startsWith("set file_search_path")).length;
}

function required(value: unknown, name: string): string {
  const t = text(value);
  if (t === undefined || t.trim() === "") throw new Error(`${name} is required`);
  return t;
}

function text(value: unknown): string | undefined {
  return value === undefined || value === null || value === "" ? undefined : String(value);
}
