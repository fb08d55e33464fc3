import { checkSqliteStatement, hostFileRefused } from "./host-files";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { basename, isAbsolute, join } from "node:path";
import Database from "better-sqlite3";
import { toBool } from "../../values/values";
import { double, instant, localDate, localTime, long, type Zones } from "./cells";
import { atZone, isoLocalTime, parseOffset, parseWall } from "./java-time";
import { checkScheme, parseSqliteUrl } from "./jdbc-url";
import { type Cells, type Dialect, dbError, type RowSet, type SqlSession } from "./session";
import { download, makeWorkDir, removeWorkDir, upload } from "./work-dir";

// SQLite through better-sqlite3, in the server's process: rows read one batch at a time from the
// statement's iterator. Values as sqlite-jdbc's getObject (by the value's storage class) and Kestra's
// SqliteCellConverter (by the column's declared type: date, datetime/timestamp, time) make them.

export const sqliteDialect: Dialect = {
  label: "SQLite",
  scheme: "jdbc:sqlite",
  placeholder: () => "?",
  bindValue: (value) => {
    if (typeof value === "boolean") return value ? 1n : 0n;
    if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
    if (value !== null && typeof value === "object" && !Buffer.isBuffer(value)) return JSON.stringify(value);
    return value ?? null;
  },
  async open(ctx, props, _task, zones) {
    const url = parseSqliteUrl(checkScheme(props.url ?? "jdbc:sqlite:", "jdbc:sqlite"));
    const sqliteFile = props.sqliteFile ? String(props.sqliteFile) : undefined;
    const outputDbFile = toBool(props.outputDbFile, "outputDbFile", false);
    const dir = await makeWorkDir();
    try {
      let file: string | null = null;
      if (sqliteFile || outputDbFile) {
        // Kestra: the database is a file of the working directory, named as the URL's (or a fresh name).
        file = join(dir, url.memory ? `${randomUUID()}.sqlite` : basename(url.path));
        if (sqliteFile) await download(ctx, sqliteFile, file);
      } else if (!url.memory) {
        // A relative path is the task's own directory's, as Kestra's working directory.
        if (isAbsolute(url.path) && !ctx.allowHostFiles) throw hostFileRefused(`the SQLite database ${url.path}`);
        file = isAbsolute(url.path) ? url.path : join(dir, url.path);
      }
      const target = `SQLite ${file === null ? ":memory:" : isAbsolute(url.path) && !sqliteFile && !outputDbFile ? file : basename(file)}`;
      let db: Database.Database;
      try {
        db = new Database(file ?? ":memory:");
      } catch (err) {
        throw dbError("cannot open the database", target, err);
      }
      return {
        session: new SqliteSession(db, target, zones, ctx.allowHostFiles),
        async finish(ok) {
          try {
            if (!ok || !outputDbFile || file === null || !existsSync(file)) return {};
            return { databaseUri: await upload(ctx, file, basename(file)) };
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

class SqliteSession implements SqlSession {
  private cancelled = false;

  constructor(
    private readonly db: Database.Database,
    readonly target: string,
    private readonly zones: Zones,
    private readonly hostFiles: boolean,
  ) {}

  async run(sql: string, values: unknown[] | null, options: { fetchSize: number }): Promise<RowSet | null> {
    if (!this.hostFiles) checkSqliteStatement(sql);
    const params = values ?? [];
    let iterator: IterableIterator<unknown[]>;
    let columns: Database.ColumnDefinition[];
    try {
      const statement = this.db.prepare(sql);
      if (!statement.reader) {
        statement.run(...params);
        return null;
      }
      columns = statement.columns();
      iterator = statement
        .safeIntegers(true)
        .raw(true)
        .iterate(...params) as IterableIterator<unknown[]>;
    } catch (err) {
      throw dbError("query failed", this.target, err);
    }
    const convert = columns.map((c) => converter(c.name, (c.type ?? "").toLowerCase(), this.zones));
    const session = this;
    async function* batches(): AsyncGenerator<Cells[]> {
      try {
        for (;;) {
          const batch: Cells[] = [];
          for (let n = 0; n < options.fetchSize; n++) {
            const next = iterator.next();
            if (next.done) break;
            batch.push(next.value.map((v, i) => (v === null ? null : convert[i](v))));
          }
          if (batch.length > 0) yield batch;
          if (batch.length < options.fetchSize) return;
          if (session.cancelled) throw new Error(`query cancelled on ${session.target}`);
        }
      } catch (err) {
        throw err instanceof Error && err.message.startsWith("query cancelled")
          ? err
          : dbError("query failed", session.target, err);
      } finally {
        iterator.return?.();
      }
    }
    return { columns: columns.map((c) => c.name), batches: batches() };
  }

  private exec(sql: string) {
    try {
      this.db.exec(sql);
    } catch (err) {
      throw dbError("query failed", this.target, err);
    }
    return Promise.resolve();
  }

  begin() {
    return this.exec("BEGIN");
  }
  commit() {
    return this.exec("COMMIT");
  }
  rollback() {
    // An error may have ended the transaction already.
    return this.db.inTransaction ? this.exec("ROLLBACK") : Promise.resolve();
  }

  /** SQLite runs in this process: a statement stops at the next batch. */
  cancel() {
    this.cancelled = true;
  }

  async close() {
    this.db.close();
  }
}

/** By the declared type first (SqliteCellConverter), else by the value (sqlite-jdbc's getObject). */
function converter(column: string, declared: string, zones: Zones): (value: unknown) => unknown {
  const textOf = (v: unknown) => (Buffer.isBuffer(v) ? v.toString("utf8") : String(v));
  switch (declared) {
    case "date":
      return (v) => {
        const text = textOf(v);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(text))
          throw new Error(`column "${column}": "${text}" is not a date (yyyy-MM-dd)`);
        return localDate(text);
      };
    case "time":
      return (v) => {
        const iso = isoLocalTime(textOf(v));
        if (iso === null) throw new Error(`column "${column}": "${textOf(v)}" is not a time (HH:mm:ss)`);
        return localTime(iso);
      };
    case "datetime":
    case "timestamp":
      return (v) => {
        if (typeof v === "bigint")
          return instant({ seconds: Math.floor(Number(v) / 1000), nanos: (Number(v) % 1000) * 1e6 });
        if (typeof v === "number") {
          // A REAL is a Julian day number.
          const ms = Math.round((v - 2440587.5) * 86_400_000);
          return instant({ seconds: Math.floor(ms / 1000), nanos: (((ms % 1000) + 1000) % 1000) * 1e6 });
        }
        const at = textInstant(textOf(v), zones.zone);
        if (!at) throw new Error(`column "${column}": "${textOf(v)}" is not a date-time`);
        return instant(at);
      };
    default:
      return (v) => (typeof v === "bigint" ? long(v) : typeof v === "number" ? double(v) : v);
  }
}

/** Kestra's SQLITE_DATETIME_FORMATTER: ISO with offset (and zone), ISO or `yyyy-MM-dd HH:mm:ss` local, or a date. */
function textInstant(text: string, zone: string): { seconds: number; nanos: number } | null {
  const m = /^(.+?)(Z|[+-]\d{2}:\d{2})?(?:\[[^\]]+\])?$/.exec(text);
  const wall = m ? parseWall(m[1]) : null;
  if (!m || !wall) return null;
  const seconds = m[2] ? wall.seconds - parseOffset(m[2]) : atZone(wall.seconds, zone);
  return { seconds, nanos: wall.nanos };
}
