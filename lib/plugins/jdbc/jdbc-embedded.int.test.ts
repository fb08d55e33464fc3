import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readFileByUri } from "../../files/output-files";
import { State } from "../../states/states";
import { runFlow } from "../../testing/run-flow";
import { useTestExecutor } from "../../testing/test-executor";
import { serverTimezone } from "../../values/cron";
import { isoOffset } from "./java-time";

// Kestra's SQLite and DuckDB tasks on the real engine: the databases run in the server's process,
// SQLite in a temporary file (and in memory), DuckDB in memory and in a file.
// These tests open database files anywhere on the host (an admin's choice): jdbc-host-files.int.test.ts shows the default.
const t = useTestExecutor({ OSPREY_ALLOW_SQL_HOST_FILES: "true" });
const run = (yaml: string) => runFlow(t.deps, yaml, t.executor);
type Run = { taskId: string; state: string; error: string | null; outputs: Record<string, unknown> | null };
const runOf = (execution: { taskRuns: unknown[] }, taskId: string) =>
  (execution.taskRuns as Run[]).find((r) => r.taskId === taskId)!;
const outputsOf = (execution: { taskRuns: unknown[] }, taskId: string) => runOf(execution, taskId).outputs!;
const fileText = async (executionId: string, uri: unknown) =>
  (await readFileByUri(t.deps, executionId, String(uri))).content.toString();

const dir = mkdtempSync(join(tmpdir(), "osprey-jdbc-it-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Kestra's JSON of a timestamp with a zone: the instant at the server's offset. */
const serverOffset = (iso: string) => {
  const ms = Date.parse(iso);
  const micros = /\.(\d+)/.exec(iso)?.[1] ?? "";
  return isoOffset({ seconds: Math.floor(ms / 1000), nanos: Number(micros.padEnd(9, "0")) }, serverTimezone());
};

describe("SQLite", () => {
  it("a file database: parameters, FETCH_ONE and STORE by declared types; outputDbFile and sqliteFile carry a database between tasks", async () => {
    const file = join(dir, "notes.sqlite");
    const { execution } = await run(`id: sqlite_file
namespace: it.jdbc
tasks:
  - id: create
    type: io.kestra.plugin.jdbc.sqlite.Queries
    url: jdbc:sqlite:${file}
    sql: |
      CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, made DATETIME, day DATE, at TIME, score REAL, data BLOB);
      INSERT INTO notes VALUES (:id, :body, :made, :day, :at, :score, NULL);
    parameters: { id: 1, body: hi, made: "2024-03-01 12:00:00", day: "2024-03-01", at: "08:00", score: 2.0 }
  - id: one
    type: io.kestra.plugin.jdbc.sqlite.Query
    url: jdbc:sqlite:${file}
    timeZoneId: Europe/Paris
    sql: SELECT * FROM notes
    fetchType: FETCH_ONE
  - id: store
    type: io.kestra.plugin.jdbc.sqlite.Query
    url: jdbc:sqlite:${file}
    timeZoneId: UTC
    sql: SELECT *, 7 AS seven FROM notes
    fetchType: STORE
  - id: make
    type: io.kestra.plugin.jdbc.sqlite.Queries
    outputDbFile: true
    sql: CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('carried')
  - id: reuse
    type: io.kestra.plugin.jdbc.sqlite.Query
    url: jdbc:sqlite:mine.db
    sqliteFile: "{{ outputs.make.databaseUri }}"
    sql: SELECT v FROM t
    fetchType: FETCH
`);
    expect(execution.state).toBe(State.SUCCESS);
    expect(outputsOf(execution, "one")).toEqual({
      row: { id: 1, body: "hi", made: "2024-03-01T11:00:00Z", day: "2024-03-01", at: "08:00:00", score: 2, data: null },
      size: 1,
    });
    expect(await fileText(execution.id, outputsOf(execution, "store").uri)).toBe(
      '{id:1,body:"hi",made:2024-03-01T12:00:00.000Z,day:2024-03-01,at:LocalTime::"08:00:00",score:2.0e0,data:null,seven:7}',
    );
    expect(outputsOf(execution, "make")).toEqual({
      outputs: [],
      databaseUri: expect.stringMatching(/^osprey:\/\/\/.*\.sqlite$/),
    });
    expect(outputsOf(execution, "reuse")).toEqual({ row: null, rows: [{ v: "carried" }], size: 1 });
  });
});

describe("DuckDB", () => {
  it("in memory: values as DuckDbCellConverter makes them; inputFiles are read by name", async () => {
    const { execution } = await run(`id: duck_memory
namespace: it.jdbc
tasks:
  - id: one
    type: io.kestra.plugin.jdbc.duckdb.Query
    timeZoneId: Europe/Paris
    sql: |
      SELECT 42::TINYINT AS t, 9007199254740993::BIGINT AS b, 1.5::FLOAT AS f, 2::DOUBLE AS d,
        12.30::DECIMAL(6,2) AS m, DATE '2024-05-01' AS day, TIME '10:11:12.5' AS tm,
        TIMESTAMP '2024-05-01 10:00:00' AS ts, TIMESTAMPTZ '2024-05-01 10:00:00+00' AS tz, [1, 2] AS l,
        {'a': 1, 'b': 'x'} AS s, 'hi'::BLOB AS bl, :who AS who
    parameters: { who: duck }
    fetchType: FETCH_ONE
  - id: store
    type: io.kestra.plugin.jdbc.duckdb.Query
    timeZoneId: Europe/Paris
    sql: SELECT 12.30::DECIMAL(6,2) AS m, TIMESTAMP '2024-05-01 10:00:00' AS ts, TIMESTAMPTZ '2024-05-01 10:00:00+00' AS tz, 2::DOUBLE AS d, [DATE '2024-05-01'] AS l
    fetchType: STORE
  - id: csv
    type: io.kestra.plugin.jdbc.duckdb.Query
    inputFiles:
      data.csv: |
        id,name
        1,a
        2,b
    sql: SELECT * FROM read_csv_auto('data.csv') ORDER BY id
    fetchType: FETCH
`);
    expect(execution.state).toBe(State.SUCCESS);
    expect(outputsOf(execution, "one")).toEqual({
      row: {
        t: 42,
        b: "9007199254740993",
        f: 1.5,
        d: 2,
        m: 12.3,
        day: "2024-05-01",
        tm: "10:11:12.5",
        ts: serverOffset("2024-05-01T08:00:00Z"),
        tz: serverOffset("2024-05-01T10:00:00Z"),
        l: [1, 2],
        s: { a: 1, b: "x" },
        bl: "aGk=",
        who: "duck",
      },
      size: 1,
      outputFiles: {},
    });
    expect(await fileText(execution.id, outputsOf(execution, "store").uri)).toBe(
      '{m:12.30,ts:ZonedDateTime::"2024-05-01T10:00:00+02:00[Europe/Paris]",tz:OffsetDateTime::"2024-05-01T10:00:00Z",d:2.0e0,l:[2024-05-01]}',
    );
    expect(outputsOf(execution, "csv")).toEqual({
      row: null,
      rows: [
        { id: 1, name: "a" },
        { id: 2, name: "b" },
      ],
      size: 2,
      outputFiles: {},
    });
  });

  it("a file database keeps what one task wrote for the next; Queries wants an absolute path", async () => {
    const file = join(dir, "ducks.duckdb");
    const { execution } = await run(`id: duck_file
namespace: it.jdbc
tasks:
  - id: write
    type: io.kestra.plugin.jdbc.duckdb.Queries
    url: jdbc:duckdb:${file}
    sql: CREATE TABLE ducks (name VARCHAR, n INTEGER); INSERT INTO ducks VALUES (:name, :n)
    parameters: { name: mallard, n: 3 }
  - id: read
    type: io.kestra.plugin.jdbc.duckdb.Queries
    url: jdbc:duckdb:${file}
    sql: SELECT * FROM ducks; SELECT count(*) AS c FROM ducks
    fetchType: FETCH
  - id: relative
    type: io.kestra.plugin.jdbc.duckdb.Queries
    url: jdbc:duckdb:ducks.duckdb
    allowFailure: true
    sql: SELECT 1
`);
    expect(outputsOf(execution, "read")).toEqual({
      outputs: [
        { row: null, rows: [{ name: "mallard", n: 3 }], size: 1 },
        { row: null, rows: [{ c: 1 }], size: 1 },
      ],
      outputFiles: {},
    });
    expect(runOf(execution, "relative").error).toBe(
      "The database file path is not valid (Path to database file must be absolute)",
    );
  });
});
