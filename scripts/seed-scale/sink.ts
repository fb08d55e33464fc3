// Multi-row INSERTs straight through the driver (better-sqlite3 or pg), one transaction per batch:
// Prisma's query compiler would copy every argument into its WebAssembly module first.
import { statSync } from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { isPostgresUrl } from "../../lib/db/database-kind";
import { sqliteUrl } from "../../lib/db/sqlite-url";

export type Cell = string | number | null;

export interface TableRows {
  table: string;
  columns: string[];
  rows: Cell[][];
}

export interface Sink {
  kind: "sqlite" | "postgresql";
  /** Rows into tables, in one transaction, as few statements as the driver's parameter limit allows. */
  write(parts: TableRows[]): Promise<void>;
  /** A DateTime column's value as Prisma stores it on this database. */
  time(ms: number): string;
  count(table: string): Promise<number>;
  /** Whether a column accepts null (Execution.source after migration 0028). */
  nullable(table: string, column: string): Promise<boolean>;
  sizeBytes(): Promise<number>;
  /** Gathers the planner's statistics (a bulk load leaves none until autovacuum or `PRAGMA optimize` gets there). */
  analyze(): Promise<void>;
  close(): Promise<void>;
}

/** SQLite's limit on bound parameters per statement (32766 since 3.32); PostgreSQL's is 65535. */
const MAX_PARAMS = { sqlite: 32_000, postgresql: 65_000 };

export async function openSink(url: string): Promise<Sink> {
  return isPostgresUrl(url) ? postgresSink(url) : sqliteSink(url);
}

function chunks(rows: Cell[][], columns: number, kind: Sink["kind"]): Cell[][][] {
  const per = Math.max(1, Math.floor(MAX_PARAMS[kind] / columns));
  const out: Cell[][][] = [];
  for (let i = 0; i < rows.length; i += per) out.push(rows.slice(i, i + per));
  return out;
}

const quoted = (columns: string[]) => columns.map((c) => `"${c}"`).join(", ");

function sqliteSink(url: string): Sink {
  const file = sqliteUrl(url).slice("file:".length);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const statements = new Map<string, Database.Statement>();
  const statement = (table: string, columns: string[], n: number) => {
    const key = `${table}/${n}`;
    let s = statements.get(key);
    if (!s) {
      const row = `(${columns.map(() => "?").join(", ")})`;
      s = db.prepare(`INSERT INTO "${table}" (${quoted(columns)}) VALUES ${Array(n).fill(row).join(", ")}`);
      statements.set(key, s);
    }
    return s;
  };
  const writeAll = db.transaction((parts: TableRows[]) => {
    for (const { table, columns, rows } of parts)
      for (const part of chunks(rows, columns.length, "sqlite"))
        statement(table, columns, part.length).run(part.flat());
  });
  return {
    kind: "sqlite",
    write: async (parts) => {
      writeAll(parts);
    },
    // Prisma's SQLite adapter writes ISO-8601 with an explicit +00:00 offset.
    time: (ms) => new Date(ms).toISOString().replace("Z", "+00:00"),
    count: async (table) => (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n,
    nullable: async (table, column) => {
      const cols = db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; notnull: number }[];
      return cols.find((c) => c.name === column)?.notnull === 0;
    },
    sizeBytes: async () => {
      db.pragma("wal_checkpoint(TRUNCATE)");
      return statSync(file).size;
    },
    analyze: async () => {
      db.exec("ANALYZE");
    },
    close: async () => {
      db.close();
    },
  };
}

function postgresSink(url: string): Sink {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  return {
    kind: "postgresql",
    write: async (parts) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        for (const { table, columns, rows } of parts)
          for (const part of chunks(rows, columns.length, "postgresql")) {
            let n = 0;
            const values = part.map((r) => `(${r.map(() => `$${++n}`).join(", ")})`).join(", ");
            await client.query(`INSERT INTO "${table}" (${quoted(columns)}) VALUES ${values}`, part.flat());
          }
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw err;
      } finally {
        client.release();
      }
    },
    // TIMESTAMP(3) without a zone, in UTC as Prisma writes it.
    time: (ms) => new Date(ms).toISOString().replace("T", " ").replace("Z", ""),
    count: async (table) => Number((await pool.query(`SELECT COUNT(*) AS n FROM "${table}"`)).rows[0].n),
    nullable: async (table, column) =>
      (
        await pool.query(
          "SELECT is_nullable FROM information_schema.columns WHERE table_name = $1 AND column_name = $2",
          [table, column],
        )
      ).rows[0]?.is_nullable === "YES",
    sizeBytes: async () => Number((await pool.query("SELECT pg_database_size(current_database()) AS n")).rows[0].n),
    analyze: async () => {
      await pool.query("ANALYZE");
    },
    close: () => pool.end(),
  };
}
