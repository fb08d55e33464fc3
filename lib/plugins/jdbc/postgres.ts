import type { ConnectionOptions } from "node:tls";
import pg from "pg";
import type { PluginContext } from "../../plugin-kit/plugin-task";
import { toBool } from "../../values/values";
import { atCheckedAddress } from "./checked-host";
import type { Zones } from "./cells";
import { checkScheme, parseServerUrl } from "./jdbc-url";
import { pgConverter } from "./postgres-cells";
import { type Cells, type Dialect, dbError, jsonOrPlain, type Props, type RowSet, type SqlSession } from "./session";

// PostgreSQL through `pg`. Every value arrives as PostgreSQL's text and is converted by its type
// (postgres-cells.ts). A STORE or FETCH_ONE SELECT reads through a server-side cursor (DECLARE …
// CURSOR, FETCH n) inside a transaction, so a large result never sits whole in memory.

/** Every column as its text: postgres-cells.ts converts it. */
const AS_TEXT = { getTypeParser: () => (value: string) => value };
const CURSOR = "osprey_jdbc_cursor";
/** What DECLARE … CURSOR accepts: a SELECT, VALUES, TABLE, or a WITH that changes nothing. */
const CURSOR_ABLE = /^\s*(?:\(\s*)*(select|values|table|with)\b/i;
const WRITES = /\b(insert|update|delete|merge|into)\b/i;

export const postgresDialect: Dialect = {
  label: "PostgreSQL",
  scheme: "jdbc:postgresql",
  placeholder: (n) => `$${n}`,
  bindValue: (value) => (Array.isArray(value) ? value : jsonOrPlain(value)),
  async open(ctx, props, _task, zones) {
    const { client, target, cancel } = await openPostgres(ctx, props);
    return { session: new PgSession(client, target, zones, cancel), finish: async () => ({}) };
  },
};

/** A connected client; `cancel` stops its running statement (pg_cancel_backend from a second connection). */
export async function openPostgres(ctx: PluginContext, props: Props) {
  const named = clientConfig(props);
  const target = `PostgreSQL ${named.host}:${named.port}/${named.database}`;
  const config = await atCheckedAddress(ctx, named);
  const client = new pg.Client(config);
  // A socket error after connect (the server went away) fails the running query instead.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw dbError(`cannot connect as ${config.user ?? "(no user)"}`, target, err);
  }
  ctx.log(`Connected to ${target}`, "DEBUG");
  const cancel = () => {
    const pid = (client as unknown as { processID: number | null }).processID;
    if (!pid) return;
    const other = new pg.Client({ ...config, types: undefined });
    other.on("error", () => undefined);
    void other
      .connect()
      .then(() => other.query("SELECT pg_cancel_backend($1)", [pid]))
      .catch(() => undefined)
      .finally(() => other.end().catch(() => undefined));
  };
  return { client, target, cancel };
}

function clientConfig(props: Props): pg.ClientConfig {
  const url = parseServerUrl(checkScheme(props.url, "jdbc:postgresql"), "jdbc:postgresql", 5432);
  const p = url.params;
  const user = text(props.username) ?? p.user;
  const options = [p.options, p.currentSchema ? `-c search_path=${p.currentSchema}` : undefined].filter(Boolean);
  return {
    host: url.host,
    port: url.port,
    database: url.database || user,
    user,
    password: text(props.password) ?? p.password,
    ssl: sslOptions(props, p),
    // pgjdbc's connectTimeout (seconds), 10 by default.
    connectionTimeoutMillis: (Number(p.connectTimeout) || 10) * 1000,
    application_name: p.ApplicationName ?? "Osprey",
    ...(options.length ? { options: options.join(" ") } : {}),
    types: AS_TEXT,
  };
}

/** Kestra's ssl / sslMode / sslRootCert / sslCert / sslKey / sslKeyPassword (PEM text), or the URL's. */
function sslOptions(props: Props, params: Record<string, string>): ConnectionOptions | undefined {
  const mode = (text(props.sslMode) ?? params.sslmode ?? "").toUpperCase().replace("-", "_");
  const ssl = toBool(props.ssl, "ssl", params.ssl === "true");
  if (mode === "DISABLE" || (!ssl && ["", "ALLOW", "PREFER"].includes(mode))) return undefined;
  const pem = {
    ...(text(props.sslRootCert) ? { ca: text(props.sslRootCert) } : {}),
    ...(text(props.sslCert) ? { cert: text(props.sslCert) } : {}),
    ...(text(props.sslKey) ? { key: text(props.sslKey) } : {}),
    ...(text(props.sslKeyPassword) ? { passphrase: text(props.sslKeyPassword) } : {}),
  };
  // pgjdbc: `ssl=true` alone means verify-full; require checks nothing unless a root certificate is given.
  if (mode === "VERIFY_CA") return { ...pem, rejectUnauthorized: true, checkServerIdentity: () => undefined };
  if (mode === "REQUIRE" || mode === "ALLOW" || mode === "PREFER")
    return pem.ca
      ? { ...pem, rejectUnauthorized: true, checkServerIdentity: () => undefined }
      : { ...pem, rejectUnauthorized: false };
  return { ...pem, rejectUnauthorized: true };
}

class PgSession implements SqlSession {
  private inTransaction = false;

  constructor(
    private readonly client: pg.Client,
    readonly target: string,
    private readonly zones: Zones,
    private readonly stop: () => void,
  ) {}

  async run(
    sql: string,
    values: unknown[] | null,
    options: { stream: boolean; fetchSize: number },
  ): Promise<RowSet | null> {
    if (options.stream && CURSOR_ABLE.test(sql) && !WRITES.test(sql.replace(/'(?:[^']|'')*'/g, "''")))
      return this.cursor(sql, values, options.fetchSize);
    const result = await this.query(sql, values);
    if (result.fields.length === 0 && result.command !== "SELECT") return null;
    const convert = result.fields.map((f) => pgConverter(f.dataTypeID, this.zones));
    const rows = (result.rows as string[][]).map((row) => row.map((raw, i) => (raw === null ? null : convert[i](raw))));
    return { columns: result.fields.map((f) => f.name), batches: once(rows) };
  }

  /** DECLARE … CURSOR, then FETCH `fetchSize` rows at a time; CLOSE (and COMMIT if it began one) at the end. */
  private async cursor(sql: string, values: unknown[] | null, fetchSize: number): Promise<RowSet> {
    const own = !this.inTransaction;
    if (own) await this.query("BEGIN", null);
    try {
      await this.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${sql}`, values);
    } catch (err) {
      if (own) await this.query("ROLLBACK", null).catch(() => undefined);
      throw err;
    }
    const fetch = () => this.query(`FETCH FORWARD ${fetchSize} FROM ${CURSOR}`, null);
    const first = await fetch().catch(async (err: unknown) => {
      if (own) await this.query("ROLLBACK", null).catch(() => undefined);
      throw err;
    });
    const convert = first.fields.map((f) => pgConverter(f.dataTypeID, this.zones));
    // Converted in place: a long result makes less garbage.
    const toCells = (rows: unknown[][]): Cells[] => {
      for (const row of rows)
        for (let i = 0; i < row.length; i++) if (row[i] !== null) row[i] = convert[i](row[i] as string);
      return rows;
    };
    const session = this;
    async function* batches(): AsyncGenerator<Cells[]> {
      let failed = false;
      try {
        let result: pg.QueryResult | null = first;
        while (result && result.rows.length > 0) {
          yield toCells(result.rows as unknown[][]);
          result = result.rows.length < fetchSize ? null : await fetch();
        }
      } catch (err) {
        failed = true;
        throw err;
      } finally {
        // Read to the end or stopped early (FETCH_ONE): committed, as Kestra's autocommit would.
        await session.endCursor(own, !failed);
      }
    }
    return { columns: first.fields.map((f) => f.name), batches: batches() };
  }

  /** Closes the cursor; a transaction the cursor began is committed, or rolled back if reading failed. */
  private async endCursor(own: boolean, ok: boolean): Promise<void> {
    if (!own) {
      await this.query(`CLOSE ${CURSOR}`, null).catch(() => undefined);
      return;
    }
    await this.query(ok ? "COMMIT" : "ROLLBACK", null).catch(() => undefined);
  }

  private async query(sql: string, values: unknown[] | null): Promise<pg.QueryResult> {
    try {
      return await this.client.query({ text: sql, values: values ?? undefined, rowMode: "array" });
    } catch (err) {
      throw dbError("query failed", this.target, err);
    }
  }

  async begin() {
    await this.query("BEGIN", null);
    this.inTransaction = true;
  }

  async commit() {
    this.inTransaction = false;
    await this.query("COMMIT", null);
  }

  async rollback() {
    this.inTransaction = false;
    await this.query("ROLLBACK", null);
  }

  cancel() {
    this.stop();
  }

  async close() {
    await this.client.end().catch(() => undefined);
  }
}

async function* once<T>(value: T): AsyncGenerator<T> {
  yield value;
}

function text(value: unknown): string | undefined {
  return value === undefined || value === null || value === "" ? undefined : String(value);
}
