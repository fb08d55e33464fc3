import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFileByUri, readFileByUri } from "../../files/output-files";
import { readIon } from "../../plugin-kit/ion-text";
import { State } from "../../states/states";
import { saveSettings } from "../../settings/settings";
import { runFlow } from "../../testing/run-flow";
import { useTestExecutor } from "../../testing/test-executor";
import { serverTimezone } from "../../values/cron";
import { scriptValue } from "../../testing/script-value";
import { isoOffset } from "./java-time";

// Kestra's PostgreSQL tasks (Query, Queries, CopyIn, CopyOut) on the real engine against the
// PostgreSQL of scripts/ensure-postgres.sh, in a database of this file's own. Credentials are written
// in the flows as plain values here; real flows keep them in secrets.
// The servers are on loopback, which the address rules refuse unless an admin allows it.
const t = useTestExecutor({ OSPREY_HTTP_ALLOW_PRIVATE: "true" });
const run = (yaml: string) => runFlow(t.deps, yaml, t.executor);
type Run = { taskId: string; state: string; error: string | null; outputs: Record<string, unknown> | null };
const runOf = (execution: { taskRuns: unknown[] }, taskId: string) =>
  (execution.taskRuns as Run[]).find((r) => r.taskId === taskId)!;
const outputsOf = (execution: { taskRuns: unknown[] }, taskId: string) => runOf(execution, taskId).outputs!;
const fileText = async (executionId: string, uri: unknown) =>
  (await readFileByUri(t.deps, executionId, String(uri))).content.toString();

const name = `plugin_jdbc_${randomBytes(4).toString("hex")}`;
let pgAdmin = "";
let pgHost = "";
/** The connection properties of each task, as YAML lines. */
let pgConn = "";

beforeAll(async () => {
  pgAdmin = scriptValue("ensure-postgres.sh", "OSPREY_TEST_POSTGRES_URL");
  const admin = new pg.Client({ connectionString: pgAdmin });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(pgAdmin);
  pgHost = u.host;
  pgConn = `url: jdbc:postgresql://${u.host}/${name}\n    username: ${u.username}`;
}, 120_000);

afterAll(async () => {
  const admin = new pg.Client({ connectionString: pgAdmin });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

/** Kestra's JSON of a timestamp with a zone: the instant at the server's offset. */
const serverOffset = (iso: string) => {
  const ms = Date.parse(iso);
  const micros = /\.(\d+)/.exec(iso)?.[1] ?? "";
  return isoOffset({ seconds: Math.floor(ms / 1000), nanos: Number(micros.padEnd(9, "0")) }, serverTimezone());
};

describe("PostgreSQL", () => {
  it("creates a table, inserts with parameters, and answers FETCH_ONE, FETCH, STORE and NONE exactly", async () => {
    const { execution } = await run(`id: pg_types
namespace: it.jdbc
tasks:
  - id: create
    type: io.kestra.plugin.jdbc.postgresql.Queries
    ${pgConn}
    sql: |
      CREATE TABLE people (id int PRIMARY KEY, name text, born date, seen timestamptz, local_seen timestamp,
        score numeric(6,2), ratio float8, small real, tags text[], meta jsonb, photo bytea, wake time,
        span interval, big bigint, ok boolean, uid uuid);
      INSERT INTO people (id, name) VALUES (2, 'Grace');
  - id: insert
    type: io.kestra.plugin.jdbc.postgresql.Query
    ${pgConn}
    sql: |
      INSERT INTO people VALUES (:id, :name, :born, :seen, :local, :score, :ratio, :small, :tags, :meta,
        :photo, :wake, :span, :big, :ok, :uid)
    parameters:
      id: 1
      name: "Ada's"
      born: "1815-12-10"
      seen: "2024-01-31T10:15:30.123456Z"
      local: "2024-01-31 10:15:30.5"
      score: 12.5
      ratio: 0.25
      small: 1.1
      tags: [a, "b c"]
      meta: { lang: en, n: 2 }
      photo: hello
      wake: "07:30:15.25"
      span: "1 year 2 mons 3 days 04:05:06.7"
      big: "9007199254740993"
      ok: true
      uid: 7c9e6679-7425-40de-944b-e07fc1f90ae7
  - id: one
    type: io.kestra.plugin.jdbc.postgresql.Query
    ${pgConn}
    sql: SELECT * FROM people WHERE name = :name -- a ':name' in a comment stays
    parameters: { name: "Ada's" }
    fetchType: FETCH_ONE
  - id: all
    type: io.kestra.plugin.jdbc.postgresql.Query
    ${pgConn}
    sql: SELECT id, name, born::text AS born_text, score FROM people ORDER BY id
    fetchType: FETCH
  - id: store
    type: io.kestra.plugin.jdbc.postgresql.Query
    ${pgConn}
    timeZoneId: Europe/Paris
    sql: SELECT * FROM people ORDER BY id
    fetchType: STORE
  - id: none
    type: io.kestra.plugin.jdbc.postgresql.Query
    ${pgConn}
    sql: SELECT * FROM people
  - id: nothing
    type: io.kestra.plugin.jdbc.postgresql.Query
    ${pgConn}
    sql: SELECT * FROM people WHERE id < 0
    fetchType: FETCH_ONE
`);
    expect(execution.state).toBe(State.SUCCESS);
    expect(outputsOf(execution, "create")).toEqual({ outputs: [] });
    expect(outputsOf(execution, "insert")).toEqual({ row: null });
    expect(outputsOf(execution, "one")).toEqual({
      row: {
        id: 1,
        name: "Ada's",
        born: "1815-12-10",
        seen: serverOffset("2024-01-31T10:15:30.123456Z"),
        local_seen: "2024-01-31T10:15:30.5",
        score: 12.5,
        ratio: 0.25,
        small: 1.1,
        tags: ["a", "b c"],
        meta: { lang: "en", n: 2 },
        photo: "aGVsbG8=",
        wake: "07:30:15",
        span: "P1Y2M3DT4H5M6S",
        big: "9007199254740993",
        ok: true,
        uid: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
      },
      size: 1,
    });
    expect(outputsOf(execution, "all")).toEqual({
      row: null,
      rows: [
        { id: 1, name: "Ada's", born_text: "1815-12-10", score: 12.5 },
        { id: 2, name: "Grace", born_text: null, score: null },
      ],
      size: 2,
    });
    const store = outputsOf(execution, "store");
    expect(store).toEqual({ row: null, uri: expect.stringMatching(/^osprey:\/\/\/.*\/query\.ion$/), size: 2 });
    const ion = await fileText(execution.id, store.uri);
    expect(ion).toBe(
      [
        '{id:1,name:"Ada\'s",born:1815-12-10,seen:ZonedDateTime::"2024-01-31T11:15:30.123456+01:00[Europe/Paris]",' +
          'local_seen:LocalDateTime::"2024-01-31T10:15:30.5",score:12.50,ratio:0.25e0,small:1.100000023841858e0,' +
          'tags:["a","b c"],meta:{n:2,lang:"en"},photo:{{aGVsbG8=}},wake:LocalTime::"07:30:15",' +
          'span:"P1Y2M3DT4H5M6S",big:9007199254740993,ok:true,uid:"7c9e6679-7425-40de-944b-e07fc1f90ae7"}',
        '{id:2,name:"Grace",born:null,seen:null,local_seen:null,score:null,ratio:null,small:null,tags:null,' +
          "meta:null,photo:null,wake:null,span:null,big:null,ok:null,uid:null}",
      ].join("\n"),
    );
    // Valid Ion: plugin-kit's reader reads it back.
    const values = [];
    for await (const v of readIon(
      (async function* () {
        yield ion;
      })(),
    ))
      values.push(v);
    expect(values).toHaveLength(2);
    expect(outputsOf(execution, "none")).toEqual({ row: null });
    expect(outputsOf(execution, "nothing")).toEqual({ row: null, size: 0 });
  });

  it("Queries: an output per result set in one transaction; a failing statement rolls all back unless transaction is false", async () => {
    const { execution } = await run(`id: pg_queries
namespace: it.jdbc
tasks:
  - id: setup
    type: io.kestra.plugin.jdbc.postgresql.Queries
    ${pgConn}
    sql: |
      CREATE TABLE ledger (id int PRIMARY KEY, note text);
      INSERT INTO ledger VALUES (1, 'a; not a split');
      SELECT count(*) AS n FROM ledger;
      SELECT id, note FROM ledger ORDER BY id;
    fetchType: FETCH
  - id: broken
    type: io.kestra.plugin.jdbc.postgresql.Queries
    ${pgConn}
    allowFailure: true
    sql: |
      INSERT INTO ledger VALUES (2, 'rolled back');
      SELECT * FROM nope;
  - id: loose
    type: io.kestra.plugin.jdbc.postgresql.Queries
    ${pgConn}
    allowFailure: true
    transaction: false
    sql: |
      INSERT INTO ledger VALUES (3, 'kept');
      SELECT * FROM nope;
  - id: mark
    type: io.kestra.plugin.jdbc.postgresql.Query
    ${pgConn}
    sql: SELECT id, note FROM ledger WHERE id = :id
    afterSQL: UPDATE ledger SET note = 'read' WHERE id = :id
    parameters: { id: 3 }
    fetchType: FETCH
  - id: check
    type: io.kestra.plugin.jdbc.postgresql.Query
    ${pgConn}
    sql: SELECT id, note FROM ledger ORDER BY id
    fetchType: FETCH
  - id: quirk
    type: io.kestra.plugin.jdbc.postgresql.Queries
    ${pgConn}
    sql: SELECT id FROM ledger ORDER BY id; SELECT 1 AS one WHERE false
    fetchType: FETCH_ONE
  - id: two
    type: io.kestra.plugin.jdbc.postgresql.Query
    ${pgConn}
    allowFailure: true
    sql: SELECT 1; SELECT 2
`);
    expect(outputsOf(execution, "setup")).toEqual({
      outputs: [
        { row: null, rows: [{ n: 1 }], size: 1 },
        { row: null, rows: [{ id: 1, note: "a; not a split" }], size: 1 },
      ],
    });
    // allowFailure: the failed task ends in WARNING.
    const broken = runOf(execution, "broken");
    expect([broken.state, broken.error]).toEqual([
      State.WARNING,
      `query failed on PostgreSQL ${pgHost}/${name}: relation "nope" does not exist`,
    ]);
    expect(runOf(execution, "loose").state).toBe(State.WARNING);
    // 2 was rolled back; 3 was not, without a transaction.
    // afterSQL ran after the SELECT, in its transaction.
    expect(outputsOf(execution, "mark")).toEqual({ row: null, rows: [{ id: 3, note: "kept" }], size: 1 });
    expect(outputsOf(execution, "check")).toEqual({
      row: null,
      rows: [
        { id: 1, note: "a; not a split" },
        { id: 3, note: "read" },
      ],
      size: 2,
    });
    // Kestra's Queries counts 1 for FETCH_ONE even when the result is empty.
    expect(outputsOf(execution, "quirk")).toEqual({
      outputs: [
        { row: { id: 1 }, size: 1 },
        { row: null, size: 1 },
      ],
    });
    expect(runOf(execution, "two").error).toBe(
      "Query task support only a single SQL statement. Use the Queries task to run multiple statements.",
    );
  });

  it("connections are under the address rules and OSPREY_SQL_HOSTS: a loopback server is refused unless an admin allows it, a host off the admin's list too", async () => {
    const flow = `id: pg_reach
namespace: it.jdbc
tasks:
  - id: q
    type: io.kestra.plugin.jdbc.postgresql.Query
    ${pgConn}
    sql: SELECT 1 AS one
    fetchType: FETCH_ONE
`;
    const settle = (patch: Record<string, string>) => saveSettings(t.deps.db, t.deps.config, patch, "test");
    try {
      await settle({ OSPREY_HTTP_ALLOW_PRIVATE: "false" });
      const refused = runOf((await run(flow)).execution, "q");
      expect([refused.state, refused.error]).toEqual([
        State.FAILED,
        "refused to connect to 127.0.0.1: a loopback address, not public; an admin may allow it with OSPREY_HTTP_ALLOW_PRIVATE or OSPREY_HTTP_ALLOWED_NETWORKS",
      ]);
      await settle({ OSPREY_HTTP_ALLOW_PRIVATE: "", OSPREY_SQL_HOSTS: "db.example.com,*.sql.example.com" });
      expect(runOf((await run(flow)).execution, "q").error).toBe(
        "SQL connections may not go to 127.0.0.1: an admin allows only db.example.com, *.sql.example.com (OSPREY_SQL_HOSTS)",
      );
      await settle({ OSPREY_SQL_HOSTS: "127.0.0.1" });
      const allowed = runOf((await run(flow)).execution, "q");
      expect([allowed.state, allowed.outputs]).toEqual([State.SUCCESS, { row: { one: 1 }, size: 1 }]);
    } finally {
      await settle({ OSPREY_HTTP_ALLOW_PRIVATE: "", OSPREY_SQL_HOSTS: "" });
    }
  });

  it("a missing database fails with the server's answer, naming the database", async () => {
    const { execution } = await run(`id: pg_missing
namespace: it.jdbc
tasks:
  - id: q
    type: io.kestra.plugin.jdbc.postgresql.Query
    url: jdbc:postgresql://${pgHost}/nope_${name}
    username: postgres
    password: not-shown
    sql: SELECT 1
`);
    const q = runOf(execution, "q");
    expect([execution.state, q.error]).toEqual([
      State.FAILED,
      `cannot connect as postgres on PostgreSQL ${pgHost}/nope_${name}: database "nope_${name}" does not exist`,
    ]);
  });

  it("a timeout cancels the running statement on the server (pg_cancel_backend)", async () => {
    const started = Date.now();
    const { execution } = await run(`id: pg_timeout
namespace: it.jdbc
tasks:
  - id: slow
    type: io.kestra.plugin.jdbc.postgresql.Query
    ${pgConn}
    timeout: PT1S
    sql: SELECT pg_sleep(30)
`);
    expect([execution.state, runOf(execution, "slow").error]).toEqual([
      State.FAILED,
      "timed out after PT1S and was killed",
    ]);
    expect(Date.now() - started).toBeLessThan(15_000);
    const admin = new pg.Client({ connectionString: pgAdmin });
    await admin.connect();
    const { rows } = await admin.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'",
    );
    await admin.end();
    expect(rows[0].n).toBe(0);
  });

  // Memory-bound, not Osprey-database-bound: run once, in the SQLite pass of npm test.
  it.skipIf(process.env.OSPREY_TEST_POSTGRES_URL !== undefined)(
    "STORE streams 1,000,000 rows through a cursor within 200 MB of extra memory",
    async () => {
      const samples: number[] = [];
      global.gc?.();
      const before = process.memoryUsage().rss;
      const timer = setInterval(() => samples.push(process.memoryUsage().rss), 50);
      const started = Date.now();
      let result: Awaited<ReturnType<typeof run>>;
      try {
        result = await run(`id: pg_big
namespace: it.jdbc
tasks:
  - id: big
    type: io.kestra.plugin.jdbc.postgresql.Query
    ${pgConn}
    sql: SELECT i AS id, 'row ' || i AS label, i * 0.5 AS half FROM generate_series(1, 1000000) AS i
    fetchType: STORE
`);
      } finally {
        clearInterval(timer);
      }
      const seconds = (Date.now() - started) / 1000;
      const peak = Math.max(...samples);
      const { execution } = result;
      expect(execution.state).toBe(State.SUCCESS);
      const out = outputsOf(execution, "big");
      expect(out.size).toBe(1_000_000);
      const file = await openFileByUri(t.deps, execution.id, String(out.uri));
      let head = "";
      let tail = "";
      for await (const chunk of file.stream) {
        if (head.length < 200) head += chunk.toString();
        tail = (tail + chunk.toString()).slice(-200);
      }
      expect(head.split("\n")[0]).toBe('{id:1,label:"row 1",half:0.5}');
      expect(tail.split("\n").at(-1)).toBe('{id:1000000,label:"row 1000000",half:500000.0}');
      console.info(
        `1,000,000-row STORE: ${seconds.toFixed(1)} s, file ${(file.size / 1e6).toFixed(1)} MB, RSS ${(before / 1e6).toFixed(0)} MB → peak ${(peak / 1e6).toFixed(0)} MB (+${((peak - before) / 1e6).toFixed(0)} MB)`,
      );
      expect(peak - before).toBeLessThan(200 * 1024 * 1024);
    },
  );
});

describe("PostgreSQL COPY", () => {
  it("CopyOut streams a query's rows to a CSV file; CopyIn loads it into another table", async () => {
    const { execution } = await run(`id: pg_copy
namespace: it.jdbc
tasks:
  - id: setup
    type: io.kestra.plugin.jdbc.postgresql.Queries
    ${pgConn}
    sql: |
      CREATE TABLE copy_src AS SELECT i AS id, 'name ' || i AS name FROM generate_series(1, 100000) AS i;
      CREATE TABLE copy_dst (id int, name text);
  - id: out
    type: io.kestra.plugin.jdbc.postgresql.CopyOut
    ${pgConn}
    sql: SELECT id, name FROM copy_src ORDER BY id
    format: CSV
    header: true
  - id: in
    type: io.kestra.plugin.jdbc.postgresql.CopyIn
    ${pgConn}
    table: copy_dst
    columns: [id, name]
    format: CSV
    header: true
    from: "{{ outputs.out.uri }}"
  - id: check
    type: io.kestra.plugin.jdbc.postgresql.Query
    ${pgConn}
    sql: SELECT count(*) AS n, max(name) FILTER (WHERE id = 100000) AS last FROM copy_dst
    fetchType: FETCH_ONE
  - id: bad
    type: io.kestra.plugin.jdbc.postgresql.CopyIn
    ${pgConn}
    allowFailure: true
    table: nope
    from: "{{ outputs.out.uri }}"
`);
    const out = outputsOf(execution, "out");
    expect(out).toEqual({ uri: expect.stringMatching(/\/copy-out$/), rowCount: 100000 });
    const csv = await fileText(execution.id, out.uri);
    expect(csv.slice(0, 25)).toBe("id,name\n1,name 1\n2,name 2");
    expect(csv.endsWith("100000,name 100000\n")).toBe(true);
    expect(outputsOf(execution, "in")).toEqual({ rowCount: 100000 });
    expect(outputsOf(execution, "check")).toEqual({ row: { n: 100000, last: "name 100000" }, size: 1 });
    expect(runOf(execution, "bad").error).toBe(
      `COPY failed on PostgreSQL ${pgHost}/${name}: relation "nope" does not exist`,
    );
  });
});
