import { absoluteTaskFiles, hostFileRefused } from "./host-files";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir } from "node:fs/promises";
import { basename, dirname, isAbsolute, join } from "node:path";
import {
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBType,
  DuckDBTypeId as Id,
  type DuckDBValue,
  ResultReturnType,
} from "@duckdb/node-api";
import type { PluginContext } from "../../plugin-kit/plugin-task";
import { toBool } from "../../values/values";
import { decimalOf, double, float, localDate, localTime, long, offsetUtc, type Zones, zoned } from "./cells";
import { atZone } from "./java-time";
import { checkScheme, parseDuckDbUrl } from "./jdbc-url";
import { type Cells, type Dialect, dbError, type Props, type RowSet, type SqlSession } from "./session";
import { download, makeWorkDir, removeWorkDir, upload, writeInputFiles } from "./work-dir";

// DuckDB through @duckdb/node-api, in the server's process, on a file or in memory, its result read
// chunk by chunk. `inputFiles` land in the task's directory, which is DuckDB's file_search_path, so
// `read_csv('data.csv')` finds them. Values as DuckDB's JDBC getObject and Kestra's DuckDbCellConverter
// make them.

export const duckdbDialect: Dialect = {
  label: "DuckDB",
  scheme: "jdbc:duckdb",
  placeholder: () => "?",
  bindValue: (value) => {
    if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
    if (value !== null && typeof value === "object") return JSON.stringify(value);
    return value ?? null;
  },
  async open(ctx, props, task, zones) {
    const { path, options } = parseDuckDbUrl(checkScheme(props.url ?? "jdbc:duckdb:", "jdbc:duckdb"));
    const outputDbFile = toBool(props.outputDbFile, "outputDbFile", false);
    const dir = await makeWorkDir();
    try {
      let file: string | null;
      if (props.databaseUri) {
        file = join(dir, randomUUID());
        await download(ctx, String(props.databaseUri), file);
      } else if (path === "") {
        file = outputDbFile ? join(dir, `${randomUUID()}.db`) : null;
      } else if (path.startsWith("md:") || isAbsolute(path)) {
        if (!ctx.allowHostFiles) throw hostFileRefused(`the DuckDB database ${path.replace(/\?.*$/, "")}`);
        file = path;
        if (isAbsolute(path)) await mkdir(dirname(path), { recursive: true });
      } else if (task === "Queries") {
        throw new Error("The database file path is not valid (Path to database file must be absolute)");
      } else {
        file = join(dir, path);
      }
      if (props.inputFiles !== undefined && props.inputFiles !== null)
        await writeInputFiles(ctx, dir, props.inputFiles);
      const target = `DuckDB ${file === null ? ":memory:" : file.startsWith(dir) ? basename(file) : file.replace(/\?.*$/, "")}`;
      let instance: DuckDBInstance;
      let connection: DuckDBConnection;
      try {
        instance = await DuckDBInstance.create(file ?? ":memory:", options);
        connection = await instance.connect();
        await connection.run(`SET file_search_path='${dir.replaceAll("'", "''")}'`);
      } catch (err) {
        throw dbError("cannot open the database", target, err);
      }
      await loadExtensions(ctx, connection, props);
      // Locked to the task's directory: no other file, no network, no setting changed by the SQL.
      if (!ctx.allowHostFiles)
        for (const setting of [
          `SET allowed_directories=['${dir.replaceAll("'", "''")}']`,
          "SET enable_external_access=false",
          "SET lock_configuration=true",
        ])
          await connection.run(setting);
      const ownFiles = ctx.allowHostFiles ? [] : await readdir(dir);
      return {
        session: new DuckDbSession(instance, connection, target, zones),
        rewrite: (sql: string) => {
          const located = ownFiles.length ? absoluteTaskFiles(sql, dir, ownFiles) : sql;
          return task === "Query" ? relativeFilenames(located, dir) : located;
        },
        async finish(ok) {
          try {
            const outputs: Record<string, unknown> = { outputFiles: {} };
            if (ok && outputDbFile && file !== null && existsSync(file))
              outputs.databaseUri = await upload(ctx, file, basename(file));
            return outputs;
          } finally {
            await removeWorkDir(dir);
          }
        },
      };
    } catch (err) {
      await removeWorkDir(dir);
      throw err;
    }
  },
};

/**
 * Kestra's communityExtensions (default `[ion]`), best effort. Extensions listed in the flow are
 * installed from DuckDB's community repository; the default one is only loaded when DuckDB already has it.
 */
async function loadExtensions(ctx: PluginContext, connection: DuckDBConnection, props: Props): Promise<void> {
  const listed = props.communityExtensions;
  const names = Array.isArray(listed) ? listed.map(String) : ["ion"];
  for (const name of names) {
    if (!/^[A-Za-z0-9_]+$/.test(name)) {
      ctx.log(
        `Skipping DuckDB community extension '${name}' because the name contains unsupported characters.`,
        "WARN",
      );
      continue;
    }
    try {
      if (Array.isArray(listed)) await connection.run(`INSTALL ${name} FROM community`);
      await connection.run(`LOAD ${name}`);
    } catch (err) {
      ctx.log(
        `Failed to install/load DuckDB community extension '${name}'. Continuing without it. message=${(err as Error).message}`,
        Array.isArray(listed) ? "WARN" : "DEBUG",
      );
    }
  }
}

/** Kestra's DuckDB Query: with `filename=true`, the file names read are shown relative to the task's directory. */
function relativeFilenames(sql: string, dir: string): string {
  if (!/^.*filename\s*=\s*(true|1).*$/.test(sql.toLowerCase())) return sql;
  const escaped = dir.replace(/\\/g, "\\\\").replace(/\//g, "\\/");
  return `SELECT * REPLACE(regexp_replace(filename, '^${escaped}/', '') AS filename) FROM (${sql.replace(/;\s*$/, "")})`;
}

class DuckDbSession implements SqlSession {
  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly target: string,
    private readonly zones: Zones,
  ) {}

  async run(sql: string, values: unknown[] | null): Promise<RowSet | null> {
    let result: Awaited<ReturnType<DuckDBConnection["stream"]>>;
    try {
      result = await this.connection.stream(sql, (values ?? undefined) as DuckDBValue[] | undefined);
    } catch (err) {
      throw dbError("query failed", this.target, err);
    }
    if (result.returnType !== ResultReturnType.QUERY_RESULT) return null;
    const types = result.columnTypes();
    const { target, zones } = this;
    async function* batches(): AsyncGenerator<Cells[]> {
      for (;;) {
        let chunk: Awaited<ReturnType<typeof result.fetchChunk>>;
        try {
          chunk = await result.fetchChunk();
        } catch (err) {
          throw dbError("query failed", target, err);
        }
        if (!chunk || chunk.rowCount === 0) return;
        yield chunk.getRows().map((row) => row.map((v, i) => convert(types[i], v, zones)));
      }
    }
    return { columns: result.columnNames(), batches: batches() };
  }

  private async exec(sql: string) {
    try {
      await this.connection.run(sql);
    } catch (err) {
      throw dbError("query failed", this.target, err);
    }
  }

  begin() {
    return this.exec("BEGIN TRANSACTION");
  }
  commit() {
    return this.exec("COMMIT");
  }
  rollback() {
    return this.exec("ROLLBACK");
  }
  cancel() {
    this.connection.interrupt();
  }
  async close() {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** One value by its column's type. */
function convert(type: DuckDBType, value: DuckDBValue, zones: Zones): unknown {
  if (value === null) return null;
  const v = value as unknown as Record<string, unknown> & { toString(): string };
  switch (type.typeId) {
    case Id.BOOLEAN:
    case Id.TINYINT:
    case Id.SMALLINT:
    case Id.INTEGER:
    case Id.UTINYINT:
    case Id.USMALLINT:
    case Id.UINTEGER:
      return value;
    case Id.BIGINT:
      return long(value as bigint);
    case Id.UBIGINT:
    case Id.HUGEINT:
    case Id.UHUGEINT:
      // BigInteger, which Kestra writes as text.
      return String(value);
    case Id.FLOAT:
      return float(value as number);
    case Id.DOUBLE:
      return double(value as number);
    case Id.DECIMAL:
      return decimalOf(v.value as bigint, v.scale as number);
    case Id.VARCHAR:
      return type.alias === "JSON" ? jsonMap(String(value)) : value;
    case Id.BLOB:
      return Buffer.from(v.bytes as Uint8Array);
    case Id.DATE:
      return /^\d{4}-\d{2}-\d{2}$/.test(v.toString()) ? localDate(v.toString()) : v.toString();
    case Id.TIME:
    case Id.TIME_NS:
      return localTime(v.toString());
    case Id.TIMESTAMP:
    case Id.TIMESTAMP_S:
    case Id.TIMESTAMP_MS:
    case Id.TIMESTAMP_NS: {
      // Kestra: the timestamp's wall clock, in the task's zone.
      const wall = wallOf(v);
      return zoned({ seconds: atZone(wall.seconds, zones.zone), nanos: wall.nanos }, zones);
    }
    case Id.TIMESTAMP_TZ:
      return offsetUtc(wallOf(v), zones);
    case Id.LIST:
    case Id.ARRAY: {
      const inner = (type as unknown as { valueType: DuckDBType }).valueType;
      return (v.items as DuckDBValue[]).map((item) => convert(inner, item, zones));
    }
    case Id.STRUCT: {
      const t = type as unknown as { entryNames: readonly string[]; entryTypes: readonly DuckDBType[] };
      const entries = v.entries as Record<string, DuckDBValue>;
      return Object.fromEntries(t.entryNames.map((name, i) => [name, convert(t.entryTypes[i], entries[name], zones)]));
    }
    case Id.MAP: {
      const t = type as unknown as { valueType: DuckDBType };
      const entries = v.entries as { key: DuckDBValue; value: DuckDBValue }[];
      return Object.fromEntries(entries.map((e) => [String(e.key), convert(t.valueType, e.value, zones)]));
    }
    default:
      return typeof value === "object" ? v.toString() : value;
  }
}

/** Seconds and nanoseconds since the epoch of any of DuckDB's timestamp values. */
function wallOf(v: Record<string, unknown>): { seconds: number; nanos: number } {
  const nanos =
    typeof v.micros === "bigint"
      ? v.micros * 1000n
      : typeof v.millis === "bigint"
        ? v.millis * 1_000_000n
        : typeof v.seconds === "bigint"
          ? v.seconds * 1_000_000_000n
          : (v.nanos as bigint);
  const seconds = nanos >= 0n ? nanos / 1_000_000_000n : -((-nanos + 999_999_999n) / 1_000_000_000n);
  return { seconds: Number(seconds), nanos: Number(nanos - seconds * 1_000_000_000n) };
}

/** Kestra's JacksonMapper.toMap over a JSON column: an object (or null). */
function jsonMap(raw: string): unknown {
  const value: unknown = JSON.parse(raw);
  if (value === null || (typeof value === "object" && !Array.isArray(value))) return value;
  throw new Error(`Invalid data type [JSON] with value [${raw}]`);
}
