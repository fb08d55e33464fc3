import mysql from "mysql2";
import {
  decimal,
  double,
  float,
  instant,
  localDate,
  localDateTimeText,
  localTime,
  long,
  type Zones,
  zoned,
} from "./cells";
import { atCheckedAddress } from "./checked-host";
import { atZone, parseWall } from "./java-time";
import { checkScheme, parseServerUrl } from "./jdbc-url";
import { type Cells, type Dialect, dbError, jsonOrPlain, type Props, type RowSet, type SqlSession } from "./session";

// MySQL and MariaDB through `mysql2`, rows streamed as they arrive (the connection pauses while a
// batch waits), values as MySQL Connector/J's or MariaDB Connector/J's getObject and Kestra's
// MysqlCellConverter / MariaDbCellConverter make them.

type Flavour = "MySQL" | "MariaDB";
const T = mysql.Types as unknown as Record<string, number>;
const UNSIGNED = 32;

export const mysqlDialect = dialect("MySQL", "jdbc:mysql");
export const mariadbDialect = dialect("MariaDB", "jdbc:mariadb");

function dialect(flavour: Flavour, scheme: string): Dialect {
  return {
    label: flavour,
    scheme,
    // Inlined and escaped by mysql2, as Connector/J's client-side prepared statements do.
    placeholder: (_n, value) => mysql.escape(jsonOrPlain(value) as mysql.SqlValue),
    inlinesValues: true,
    backslashEscapes: true,
    bindValue: jsonOrPlain,
    async open(ctx, props, _task, zones) {
      const named = connectionOptions(props, scheme);
      const target = `${flavour} ${named.host}:${named.port}/${named.database ?? ""}`;
      const options = await atCheckedAddress(ctx, named);
      const connection = mysql.createConnection(options);
      connection.on("error", () => undefined);
      try {
        await new Promise<void>((resolve, reject) => connection.connect((err) => (err ? reject(err) : resolve())));
      } catch (err) {
        connection.destroy();
        throw dbError(`cannot connect as ${options.user ?? "(no user)"}`, target, err);
      }
      ctx.log(`Connected to ${target}`, "DEBUG");
      return { session: new MysqlSession(connection, options, target, flavour, zones), finish: async () => ({}) };
    },
  };
}

function connectionOptions(props: Props, scheme: string): mysql.ConnectionOptions {
  const url = parseServerUrl(checkScheme(props.url, scheme), scheme, 3306);
  const p = url.params;
  const mode = (p.sslMode ?? p.sslmode ?? "").toUpperCase().replace("-", "_");
  const ssl =
    p.useSSL === "true" ||
    p.useSsl === "true" ||
    ["REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY", "TRUST", "VERIFY_FULL"].includes(mode);
  return {
    host: url.host,
    port: url.port,
    database: url.database || undefined,
    user: text(props.username) ?? p.user ?? url.user,
    password: text(props.password) ?? p.password ?? url.password,
    connectTimeout: Number(p.connectTimeout) || 10_000,
    charset: "utf8mb4",
    ...(ssl ? { ssl: { rejectUnauthorized: mode.startsWith("VERIFY") } } : {}),
    // Values arrive as the server's text: converted here as the Java drivers do.
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    jsonStrings: true,
    rowsAsArray: true,
  };
}

class MysqlSession implements SqlSession {
  constructor(
    private readonly connection: mysql.Connection,
    private readonly options: mysql.ConnectionOptions,
    readonly target: string,
    private readonly flavour: Flavour,
    private readonly zones: Zones,
  ) {}

  run(sql: string, values: unknown[] | null, options: { fetchSize: number }): Promise<RowSet | null> {
    const { connection, target } = this;
    return new Promise((resolve, reject) => {
      let rows: unknown[][] = [];
      let state: "open" | "ended" | Error = "open";
      let discard = false;
      let wake: (() => void) | null = null;
      let convert: ((value: unknown) => unknown)[] = [];
      const query = connection.query({ sql, rowsAsArray: true, values: values ?? undefined });
      query.on("fields", (fields: mysql.FieldPacket[] | undefined) => {
        // A statement without a result set announces no fields.
        if (!fields) return;
        convert = fields.map((f) => converter(f, this.flavour, this.zones));
        resolve({ columns: fields.map((f) => f.name), batches: batches() });
      });
      query.on("result", (row: unknown) => {
        if (!Array.isArray(row) || discard) return;
        rows.push(row);
        if (rows.length >= options.fetchSize) connection.pause();
        wake?.();
      });
      query.on("error", (err: Error) => {
        state = dbError("query failed", target, err);
        reject(state);
        wake?.();
      });
      query.on("end", () => {
        if (state === "open") state = "ended";
        resolve(null);
        wake?.();
      });
      async function* batches(): AsyncGenerator<Cells[]> {
        try {
          for (;;) {
            if (rows.length > 0) {
              const batch = rows;
              rows = [];
              connection.resume();
              yield batch.map((row) => row.map((v, i) => (v === null ? null : convert[i](v))));
            } else if (state instanceof Error) throw state;
            else if (state === "ended") return;
            else await new Promise<void>((r) => (wake = r));
          }
        } finally {
          // Stopped early: the rest of the rows are read and dropped, so the connection is free again.
          discard = true;
          rows = [];
          connection.resume();
          while (state === "open") await new Promise<void>((r) => (wake = r));
        }
      }
    });
  }

  private async exec(sql: string) {
    await new Promise<void>((resolve, reject) =>
      this.connection.query(sql, (err) => (err ? reject(dbError("query failed", this.target, err)) : resolve())),
    );
  }

  begin() {
    return this.exec("START TRANSACTION");
  }
  commit() {
    return this.exec("COMMIT");
  }
  rollback() {
    return this.exec("ROLLBACK");
  }

  /** KILL QUERY from a second connection. */
  cancel() {
    const other = mysql.createConnection({ ...this.options, database: undefined });
    other.on("error", () => undefined);
    other.query(`KILL QUERY ${Number(this.connection.threadId)}`, () => other.destroy());
  }

  async close() {
    await new Promise<void>((resolve) => this.connection.end(() => resolve()));
    this.connection.destroy();
  }
}

/** A column's converter, from its type, flags and length. */
function converter(field: mysql.FieldPacket, flavour: Flavour, zones: Zones): (value: unknown) => unknown {
  const unsigned = (Number(field.flags) & UNSIGNED) !== 0;
  const length = field.columnLength ?? 0;
  // MariaDB's DATETIME and TIMESTAMP are java.sql.Timestamp: the server's wall clock, in the task's zone.
  const mariaTime = (v: unknown) => {
    const wall = parseWall(String(v));
    return wall ? zoned({ seconds: atZone(wall.seconds, zones.server), nanos: wall.nanos }, zones) : v;
  };
  switch (field.columnType) {
    case T.TINY:
      return length === 1 ? (v) => Number(v) !== 0 : Number;
    case T.SHORT:
    case T.INT24:
    case T.LONG:
      return Number;
    case T.LONGLONG:
      // BIGINT UNSIGNED is a BigInteger, which Kestra writes as text.
      return unsigned ? String : (v) => long(BigInt(String(v)));
    case T.FLOAT:
      return (v) => float(Number(v));
    case T.DOUBLE:
      return (v) => double(Number(v));
    case T.DECIMAL:
    case T.NEWDECIMAL:
      return (v) => decimal(String(v));
    case T.DATE:
    case T.NEWDATE:
      return (v) => (/^\d{4}-\d{2}-\d{2}$/.test(String(v)) && !String(v).startsWith("0000") ? localDate(String(v)) : v);
    case T.YEAR:
      // yearIsDateType: a YEAR is the 1st of January of that year.
      return (v) => localDate(`${String(v).padStart(4, "0")}-01-01`);
    case T.TIME:
      return (v) => localTime(String(v));
    case T.DATETIME:
      return flavour === "MariaDB" ? mariaTime : (v) => localDateTimeText(String(v));
    case T.TIMESTAMP:
      if (flavour === "MariaDB") return mariaTime;
      // Kestra: getLocalDateTime(…).toInstant(UTC), the wall clock read as UTC.
      return (v) => {
        const wall = parseWall(String(v));
        return wall ? instant(wall) : v;
      };
    case T.BIT:
      return length === 1 ? (v) => Buffer.isBuffer(v) && v[0] === 1 : (v) => v;
    default:
      if (flavour === "MariaDB" && (field.columnType === T.JSON || field.extendedFormat === "json"))
        return (v) => JSON.parse(String(v));
      return (v) => v;
  }
}

function text(value: unknown): string | undefined {
  return value === undefined || value === null || value === "" ? undefined : String(value);
}
