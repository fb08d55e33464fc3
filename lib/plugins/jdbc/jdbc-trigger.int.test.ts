import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import mysql from "mysql2/promise";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readFileByUri } from "../../files/output-files";
import { saveFlow } from "../../flows/save-flow";
import { State } from "../../states/states";
import { waitForEnd } from "../../testing/run-flow";
import { useTestExecutor } from "../../testing/test-executor";
import { scriptValue } from "../../testing/script-value";
import { Scheduler } from "../../triggers/scheduler";

// Kestra's JDBC Trigger polled by the scheduler's own tick (its clock moved, never waited on) against
// the PostgreSQL of scripts/ensure-postgres.sh (trust auth on loopback), the MariaDB of
// scripts/ensure-mariadb.sh (password auth) and SQLite files, each in databases of this file's own.
// The servers are on loopback, which the address rules refuse unless an admin allows it.
const t = useTestExecutor({ OSPREY_HTTP_ALLOW_PRIVATE: "true" });

const name = `plugin_jdbc_trigger_${randomBytes(4).toString("hex")}`;
let pgAdmin = "";
let pgHost = "";
let pgDb: pg.Client;
const my = { host: "127.0.0.1", port: 53306, user: "osprey", password: "osprey" };
let myHost = "";
let myDb: mysql.Connection;
const dir = mkdtempSync(join(tmpdir(), "osprey-jdbc-trigger-"));

beforeAll(async () => {
  pgAdmin = scriptValue("ensure-postgres.sh", "OSPREY_TEST_POSTGRES_URL");
  const admin = new pg.Client({ connectionString: pgAdmin });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  pgHost = new URL(pgAdmin).host;
  pgDb = new pg.Client({ connectionString: pgAdmin.replace(/\/postgres$/, `/${name}`) });
  await pgDb.connect();
  const server = new URL(scriptValue("ensure-mariadb.sh", "OSPREY_TEST_MARIADB_URL").replace(/^jdbc:/, ""));
  my.port = Number(server.port);
  myHost = server.host;
  const conn = await mysql.createConnection(my);
  await conn.query(`CREATE DATABASE ${name}`);
  await conn.end();
  myDb = await mysql.createConnection({ ...my, database: name });
}, 120_000);

afterAll(async () => {
  await pgDb?.end();
  const admin = new pg.Client({ connectionString: pgAdmin });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  await myDb?.query(`DROP DATABASE IF EXISTS ${name}`);
  await myDb?.end();
  rmSync(dir, { recursive: true, force: true });
});

// Each test's triggers are switched off after it, so the next test's polls see only its own.
afterEach(async () => {
  await t.deps.db.trigger.updateMany({ data: { disabled: true } });
  await t.deps.db.setting.deleteMany({});
});

const logs: string[] = [];
/** A scheduler whose clock the test moves; polls through its own tick function. */
function scheduler(clock: { now: Date }) {
  return new Scheduler({
    db: t.deps.db,
    now: () => clock.now,
    polls: { templates: t.deps.templates, config: t.deps.config, secrets: t.deps.secrets, storage: t.deps.storage },
    log: (m) => logs.push(m),
  });
}
const rowOf = (namespace: string, flowId: string, triggerId: string) =>
  t.deps.db.trigger.findUniqueOrThrow({ where: { namespace_flowId_triggerId: { namespace, flowId, triggerId } } });
const executions = (namespace: string, flowId: string) =>
  t.deps.db.execution.findMany({ where: { namespace, flowId }, orderBy: { createdAt: "asc" } });
const later = (date: Date | null, ms: number) => new Date(date!.getTime() + ms);
type Run = { taskId: string; state: string; outputs: Record<string, unknown> | null };
async function ended(executionId: string) {
  t.executor.wake();
  const execution = await waitForEnd(t.deps, executionId);
  return { state: execution.state, runs: execution.taskRuns as Run[] };
}

describe("postgresql.Trigger", () => {
  it("starts one execution with trigger.rows and trigger.size when the query returns rows (afterSQL marks them), none when it returns nothing", async () => {
    await pgDb.query("CREATE TABLE events (id int PRIMARY KEY, status text)");
    await pgDb.query("INSERT INTO events VALUES (1, 'NEW'), (2, 'NEW'), (3, 'OLD')");
    const ns = "it.jdbc.trigger";
    await saveFlow(
      t.deps.db,
      `id: pg_watch
namespace: ${ns}
tasks:
  - id: show
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.size }} {{ trigger.rows | length }} {{ trigger.rows[0].id }} {{ trigger.rows[trigger.size - 1].status }} {{ trigger.row }}"
triggers:
  - id: watch
    type: io.kestra.plugin.jdbc.postgresql.Trigger
    url: jdbc:postgresql://${pgHost}/${name}
    username: postgres
    sql: "SELECT id, status FROM events WHERE status = :status ORDER BY id"
    parameters: {status: NEW}
    afterSQL: "UPDATE events SET status = 'DONE' WHERE status = 'NEW'"
    interval: PT10M
    labels: {source: events}
`,
      { create: true },
    );
    const planned = await rowOf(ns, "pg_watch", "watch");
    expect(planned.type).toBe("io.kestra.plugin.jdbc.postgresql.Trigger");
    // Kestra's default interval is 60 s; this one says 10 minutes from the save.
    expect(planned.nextDate!.getTime() - planned.updatedAt.getTime()).toBeGreaterThanOrEqual(599_000);
    const clock = { now: later(planned.nextDate, -1000) };
    const s = scheduler(clock);

    expect(await s.pollTriggers()).toEqual([]);
    clock.now = later(planned.nextDate, 1000);
    expect(await s.pollTriggers()).toEqual(["fired"]);
    expect((await rowOf(ns, "pg_watch", "watch")).nextDate).toEqual(later(clock.now, 600_000));
    const [first] = await executions(ns, "pg_watch");
    expect(first.triggerId).toBe("watch");
    expect(JSON.parse(first.trigger!)).toEqual({
      row: null,
      rows: [
        { id: 1, status: "NEW" },
        { id: 2, status: "NEW" },
      ],
      size: 2,
    });
    expect(JSON.parse(first.labels!)).toContainEqual({ key: "source", value: "events" });
    const run = await ended(first.id);
    expect(run.state).toBe(State.SUCCESS);
    expect(run.runs[0].outputs).toEqual({ value: "2 2 1 NEW " });
    // afterSQL ran in the poll's transaction.
    expect((await pgDb.query("SELECT id FROM events WHERE status = 'DONE' ORDER BY id")).rows).toEqual([
      { id: 1 },
      { id: 2 },
    ]);

    // The claimed poll is not polled again at the same time; the next one finds nothing new.
    expect(await s.pollTriggers()).toEqual([]);
    clock.now = later(clock.now, 600_000 + 1000);
    expect(await s.pollTriggers()).toEqual(["skipped"]);
    expect(await executions(ns, "pg_watch")).toHaveLength(1);

    // A new row: the poll after starts a second execution with it alone.
    await pgDb.query("INSERT INTO events VALUES (4, 'NEW')");
    clock.now = later(clock.now, 600_000 + 1000);
    expect(await s.pollTriggers()).toEqual(["fired"]);
    const [, second] = await executions(ns, "pg_watch");
    expect(JSON.parse(second.trigger!)).toMatchObject({ rows: [{ id: 4, status: "NEW" }], size: 1 });
    expect((await ended(second.id)).runs[0].outputs).toEqual({ value: "1 1 4 NEW " });
  });

  it("checks the trigger's conditions before it polls: while they do not hold, afterSQL does not mark the rows", async () => {
    await pgDb.query("CREATE TABLE jobs (id int PRIMARY KEY, status text)");
    await pgDb.query("INSERT INTO jobs VALUES (1, 'NEW')");
    const ns = "it.jdbc.cond";
    const flow = (open: boolean) => `id: gated
namespace: ${ns}
tasks:
  - {id: a, type: io.kestra.plugin.core.log.Log, message: "{{ trigger.row.id }}"}
triggers:
  - id: watch
    type: io.kestra.plugin.jdbc.postgresql.Trigger
    url: jdbc:postgresql://${pgHost}/${name}
    username: postgres
    sql: "SELECT id FROM jobs WHERE status = 'NEW'"
    afterSQL: "UPDATE jobs SET status = 'DONE' WHERE status = 'NEW'"
    fetchType: FETCH_ONE
    conditions:
      - type: io.kestra.plugin.core.condition.Expression
        expression: "{{ ${open} }}"
`;
    await saveFlow(t.deps.db, flow(false), { create: true });
    const clock = { now: later((await rowOf(ns, "gated", "watch")).nextDate, 1000) };
    const s = scheduler(clock);
    expect(await s.pollTriggers()).toEqual(["skipped"]);
    expect((await pgDb.query("SELECT status FROM jobs")).rows).toEqual([{ status: "NEW" }]);

    // The interval is unchanged, so the next poll keeps its date: it now runs, FETCH_ONE as `trigger.row`.
    await saveFlow(t.deps.db, flow(true), { create: false, namespace: ns, id: "gated" });
    clock.now = later(clock.now, 60_000 + 1000);
    expect(await s.pollTriggers()).toEqual(["fired"]);
    expect((await pgDb.query("SELECT status FROM jobs")).rows).toEqual([{ status: "DONE" }]);
    const [run] = await executions(ns, "gated");
    expect(JSON.parse(run.trigger!)).toEqual({ row: { id: 1 }, size: 1 });
  });

  it("STORE: the rows in an Ion file the execution's tasks read as trigger.uri; a poll that finds nothing keeps no file", async () => {
    await pgDb.query("CREATE TABLE orders (id int PRIMARY KEY, total numeric(6,2))");
    await pgDb.query("INSERT INTO orders VALUES (1, 9.50), (2, 12.00)");
    const ns = "it.jdbc.store";
    await saveFlow(
      t.deps.db,
      `id: stored
namespace: ${ns}
tasks:
  - id: json
    type: io.kestra.plugin.serdes.json.IonToJson
    from: "{{ trigger.uri }}"
triggers:
  - id: watch
    type: io.kestra.plugin.jdbc.postgresql.Trigger
    url: jdbc:postgresql://${pgHost}/${name}
    username: postgres
    sql: "SELECT id, total FROM orders ORDER BY id"
    afterSQL: "DELETE FROM orders"
    fetchType: STORE
`,
      { create: true },
    );
    const clock = { now: later((await rowOf(ns, "stored", "watch")).nextDate, 1000) };
    const s = scheduler(clock);
    expect(await s.pollTriggers()).toEqual(["fired"]);
    const [run] = await executions(ns, "stored");
    const trigger = JSON.parse(run.trigger!) as { uri: string; size: number; row: null };
    expect(trigger).toMatchObject({ row: null, size: 2 });
    expect(trigger.uri).toMatch(new RegExp(`^osprey:///executions/${run.id}/`));
    expect((await readFileByUri(t.deps, run.id, trigger.uri)).content.toString()).toBe(
      "{id:1,total:9.50}\n{id:2,total:12.00}",
    );
    const done = await ended(run.id);
    expect(done.state).toBe(State.SUCCESS);
    const json = await readFileByUri(t.deps, run.id, String(done.runs[0].outputs!.uri));
    const lines = json.content.toString().trim().split("\n");
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      { id: 1, total: 9.5 },
      { id: 2, total: 12 },
    ]);

    // Nothing left: no execution, and no file kept for one.
    clock.now = later(clock.now, 60_000 + 1000);
    expect(await s.pollTriggers()).toEqual(["skipped"]);
    const ids = new Set((await t.deps.db.execution.findMany({ select: { id: true } })).map((e) => e.id));
    const stored = (await t.deps.storage.list("executions")).map((e) => e.name);
    expect(stored.filter((id) => !ids.has(id))).toEqual([]);
  });

  // As written but for the URL and the user: PostgreSQL reserves role names starting with pg_.
  it("runs Kestra's documented example as written (the URL and user pointed at the local database, the password a secret)", async () => {
    await pgDb.query("CREATE TABLE my_table (id int PRIMARY KEY, status text)");
    await pgDb.query("INSERT INTO my_table VALUES (1, 'NEW'), (2, 'NEW'), (3, 'PROCESSED')");
    await t.deps.secrets.set("company.team", "PG_PASSWORD", "pg-user-password");
    await saveFlow(
      t.deps.db,
      `id: jdbc_trigger
namespace: company.team

tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: "{{ trigger.rows }}"
    tasks:
      - id: return
        type: io.kestra.plugin.core.debug.Return
        format: "{{ fromJson(taskrun.value) }}"

triggers:
  - id: watch
    type: io.kestra.plugin.jdbc.postgresql.Trigger
    interval: "PT5M"
    url: jdbc:postgresql://${pgHost}/${name}
    username: postgres
    password: "{{ secret('PG_PASSWORD') }}"
    sql: "SELECT id, status FROM my_table WHERE status = 'NEW'"
    afterSQL: "UPDATE my_table SET status = 'PROCESSED' WHERE status = 'NEW'"
    fetchType: FETCH
`,
      { create: true },
    );
    const clock = { now: later((await rowOf("company.team", "jdbc_trigger", "watch")).nextDate, 1000) };
    const s = scheduler(clock);
    expect(await s.pollTriggers()).toEqual(["fired"]);
    const [run] = await executions("company.team", "jdbc_trigger");
    const done = await ended(run.id);
    expect(done.state).toBe(State.SUCCESS);
    const returned = done.runs.filter((r) => r.taskId === "return").map((r) => r.outputs?.value);
    expect(returned.map((v) => JSON.parse(String(v)))).toEqual([
      { id: 1, status: "NEW" },
      { id: 2, status: "NEW" },
    ]);
    expect((await pgDb.query("SELECT count(*)::int AS n FROM my_table WHERE status = 'PROCESSED'")).rows).toEqual([
      { n: 3 },
    ]);
    clock.now = later(clock.now, 300_000 + 1000);
    expect(await s.pollTriggers()).toEqual(["skipped"]);
  });
});

describe("a server's Trigger under OSPREY_SQL_HOSTS", () => {
  it("a host off the admin's list is refused at each poll, logged, and no execution starts; listed, it fires", async () => {
    await pgDb.query("CREATE TABLE reach (id int)");
    await pgDb.query("INSERT INTO reach VALUES (1)");
    const ns = "it.jdbc.reach";
    await saveFlow(
      t.deps.db,
      `id: pg_reach
namespace: ${ns}
tasks:
  - {id: a, type: io.kestra.plugin.core.debug.Return, format: "{{ trigger.size }}"}
triggers:
  - id: watch
    type: io.kestra.plugin.jdbc.postgresql.Trigger
    url: jdbc:postgresql://${pgHost}/${name}
    username: postgres
    sql: SELECT id FROM reach
    interval: PT2M
`,
      { create: true },
    );
    await t.deps.db.setting.create({ data: { key: "OSPREY_SQL_HOSTS", value: "db.example.com" } });
    const clock = { now: later((await rowOf(ns, "pg_reach", "watch")).nextDate, 1000) };
    const s = scheduler(clock);
    logs.length = 0;
    expect(await s.pollTriggers()).toEqual(["failed"]);
    expect(logs.join("\n")).toContain(
      "SQL connections may not go to 127.0.0.1: an admin allows only db.example.com (OSPREY_SQL_HOSTS)",
    );
    expect(await executions(ns, "pg_reach")).toHaveLength(0);

    await t.deps.db.setting.update({ where: { key: "OSPREY_SQL_HOSTS" }, data: { value: "127.0.0.1" } });
    clock.now = later(clock.now, 120_000 + 1000);
    expect(await s.pollTriggers()).toEqual(["fired"]);
    expect(await executions(ns, "pg_reach")).toHaveLength(1);
    await ended((await executions(ns, "pg_reach"))[0].id);
  });
});

describe("sqlite.Trigger", () => {
  it("opens a database file of the host only when an admin allows it (OSPREY_ALLOW_SQL_HOST_FILES); refused, it is logged and polled again", async () => {
    const file = join(dir, "watch.db");
    const db = new Database(file);
    db.exec("CREATE TABLE tasks (id INTEGER PRIMARY KEY, title TEXT, due DATE)");
    db.exec("INSERT INTO tasks VALUES (1, 'write', '2026-01-02'), (2, 'read', '2026-01-03')");
    db.close();
    const ns = "it.jdbc.sqlite";
    await saveFlow(
      t.deps.db,
      `id: lite
namespace: ${ns}
tasks:
  - {id: a, type: io.kestra.plugin.core.debug.Return, format: "{{ trigger.row.title }} {{ trigger.row.due }} {{ trigger.size }}"}
triggers:
  - id: watch
    type: io.kestra.plugin.jdbc.sqlite.Trigger
    url: jdbc:sqlite:${file}
    sql: SELECT * FROM tasks ORDER BY id
    fetchType: FETCH_ONE
    interval: PT2M
`,
      { create: true },
    );
    const clock = { now: later((await rowOf(ns, "lite", "watch")).nextDate, 1000) };
    const s = scheduler(clock);
    logs.length = 0;
    expect(await s.pollTriggers()).toEqual(["failed"]);
    expect(logs.join("\n")).toMatch(
      /jdbc\.sqlite\.Trigger it\.jdbc\.sqlite\.lite\.watch at .*reaches files of the server's host.*OSPREY_ALLOW_SQL_HOST_FILES=true/,
    );
    expect(await executions(ns, "lite")).toHaveLength(0);
    // The failed poll moved the next one on by the interval.
    expect((await rowOf(ns, "lite", "watch")).nextDate).toEqual(later(clock.now, 120_000));

    await t.deps.db.setting.create({ data: { key: "OSPREY_ALLOW_SQL_HOST_FILES", value: "true" } });
    clock.now = later(clock.now, 120_000 + 1000);
    expect(await s.pollTriggers()).toEqual(["fired"]);
    const [run] = await executions(ns, "lite");
    expect(JSON.parse(run.trigger!)).toEqual({ row: { id: 1, title: "write", due: "2026-01-02" }, size: 1 });
    const done = await ended(run.id);
    expect(done.runs[0].outputs).toEqual({ value: "write 2026-01-02 1" });
  });
});

describe("duckdb.Trigger", () => {
  it("polls an in-memory database with its default url and starts an execution with the rows", async () => {
    const ns = "it.jdbc.duck";
    await saveFlow(
      t.deps.db,
      `id: duck
namespace: ${ns}
tasks:
  - {id: a, type: io.kestra.plugin.core.debug.Return, format: "{{ trigger.rows[0].answer }}"}
triggers:
  - id: watch
    type: io.kestra.plugin.jdbc.duckdb.Trigger
    sql: SELECT 42 AS answer WHERE :wanted
    parameters: {wanted: true}
`,
      { create: true },
    );
    const clock = { now: later((await rowOf(ns, "duck", "watch")).nextDate, 1000) };
    expect(await scheduler(clock).pollTriggers()).toEqual(["fired"]);
    const [run] = await executions(ns, "duck");
    expect(JSON.parse(run.trigger!)).toMatchObject({ rows: [{ answer: 42 }], size: 1 });
    expect((await ended(run.id)).runs[0].outputs).toEqual({ value: "42" });
  });
});

describe("mariadb.Trigger", () => {
  it("a wrong password ends in a clear logged error and no execution; the next poll still happens, and fires once the password is right", async () => {
    await myDb.query("CREATE TABLE queue (id INT PRIMARY KEY, body VARCHAR(20))");
    await myDb.query("INSERT INTO queue VALUES (1, 'hello')");
    const ns = "it.jdbc.maria";
    const flow = (password: string) => `id: maria
namespace: ${ns}
tasks:
  - {id: a, type: io.kestra.plugin.core.debug.Return, format: "{{ trigger.rows[0].body }}"}
triggers:
  - id: watch
    type: io.kestra.plugin.jdbc.mariadb.Trigger
    url: jdbc:mariadb://${myHost}/${name}
    username: osprey
    password: ${password}
    sql: SELECT id, body FROM queue
    afterSQL: DELETE FROM queue
    interval: PT1M
`;
    await saveFlow(t.deps.db, flow("not-the-password"), { create: true });
    const clock = { now: later((await rowOf(ns, "maria", "watch")).nextDate, 1000) };
    const s = scheduler(clock);
    logs.length = 0;
    expect(await s.pollTriggers()).toEqual(["failed"]);
    expect(logs.join("\n")).toMatch(
      /jdbc\.mariadb\.Trigger it\.jdbc\.maria\.maria\.watch at .*Access denied for user 'osprey'/,
    );
    expect(logs.join("\n")).not.toContain("not-the-password");
    expect(await executions(ns, "maria")).toHaveLength(0);

    // The next poll happens at its time, and fails the same way.
    clock.now = later(clock.now, 60_000 + 1000);
    expect(await s.pollTriggers()).toEqual(["failed"]);

    await saveFlow(t.deps.db, flow("osprey"), { create: false, namespace: ns, id: "maria" });
    clock.now = later(clock.now, 60_000 + 1000);
    expect(await s.pollTriggers()).toEqual(["fired"]);
    const [run] = await executions(ns, "maria");
    expect(JSON.parse(run.trigger!)).toEqual({ row: null, rows: [{ id: 1, body: "hello" }], size: 1 });
    expect((await ended(run.id)).runs[0].outputs).toEqual({ value: "hello" });
    expect(((await myDb.query("SELECT count(*) AS n FROM queue")) as [{ n: number }[], unknown])[0]).toEqual([
      { n: 0 },
    ]);
  });
});
