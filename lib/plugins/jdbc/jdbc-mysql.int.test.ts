import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileByUri } from "../../files/output-files";
import { State } from "../../states/states";
import { runFlow } from "../../testing/run-flow";
import { scriptValue } from "../../testing/script-value";
import { useTestExecutor } from "../../testing/test-executor";

// Kestra's MySQL tasks on the real engine against the MariaDB of scripts/ensure-mariadb.sh (MySQL's
// protocol), in a database of this file's own. Credentials are plain values here; real flows keep
// them in secrets.
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
const my = { host: "127.0.0.1", port: 53306, user: "osprey", password: "osprey" };
let myUrl = "";
/** The connection properties of each task, as YAML lines. */
let myConn = "";

beforeAll(async () => {
  const server = new URL(scriptValue("ensure-mariadb.sh", "OSPREY_TEST_MARIADB_URL").replace(/^jdbc:/, ""));
  my.port = Number(server.port);
  const conn = await mysql.createConnection(my);
  await conn.query(`CREATE DATABASE ${name}`);
  await conn.end();
  myUrl = `jdbc:mysql://${server.host}/${name}`;
  myConn = `url: ${myUrl}\n    username: osprey\n    password: osprey`;
}, 120_000);

afterAll(async () => {
  const conn = await mysql.createConnection(my);
  await conn.query(`DROP DATABASE IF EXISTS ${name}`);
  await conn.end();
});

describe("MySQL (on MariaDB)", () => {
  it("inserts with parameters and reads values as Connector/J and Kestra's MySQL converter make them", async () => {
    const { execution } = await run(`id: my_types
namespace: it.jdbc
tasks:
  - id: create
    type: io.kestra.plugin.jdbc.mysql.Query
    ${myConn}
    sql: |
      CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20), flag TINYINT(1), born DATE, seen DATETIME(3),
        stamp TIMESTAMP NULL, price DECIMAL(8,2), ratio DOUBLE, big BIGINT UNSIGNED, data BLOB, at TIME, yr YEAR)
  - id: insert
    type: io.kestra.plugin.jdbc.mysql.Query
    ${myConn}
    sql: INSERT INTO items VALUES (:id, :name, :flag, :born, :seen, :stamp, :price, :ratio, :big, :data, :at, :yr)
    parameters:
      id: 1
      name: "it's ?"
      flag: true
      born: "2024-02-29"
      seen: "2024-02-29 23:59:58.125"
      stamp: "2024-02-29 10:00:00"
      price: 9.99
      ratio: 2
      big: "18446744073709551615"
      data: raw
      at: "12:34:56"
      yr: 2024
  - id: one
    type: io.kestra.plugin.jdbc.mysql.Query
    ${myConn}
    sql: SELECT * FROM items
    fetchType: FETCH_ONE
  - id: store
    type: io.kestra.plugin.jdbc.mysql.Query
    ${myConn}
    sql: SELECT * FROM items
    fetchType: STORE
`);
    expect(execution.state).toBe(State.SUCCESS);
    expect(outputsOf(execution, "one")).toEqual({
      row: {
        id: 1,
        name: "it's ?",
        flag: true,
        born: "2024-02-29",
        seen: "2024-02-29T23:59:58.125",
        stamp: "2024-02-29T10:00:00Z",
        price: 9.99,
        ratio: 2,
        big: "18446744073709551615",
        data: "cmF3",
        at: "12:34:56",
        yr: "2024-01-01",
      },
      size: 1,
    });
    expect(await fileText(execution.id, outputsOf(execution, "store").uri)).toBe(
      '{id:1,name:"it\'s ?",flag:true,born:2024-02-29,seen:LocalDateTime::"2024-02-29T23:59:58.125",' +
        'stamp:2024-02-29T10:00:00.000Z,price:9.99,ratio:2.0e0,big:"18446744073709551615",data:{{cmF3}},' +
        'at:LocalTime::"12:34:56",yr:2024-01-01}',
    );
  });

  it("Queries roll back on a failure; a wrong password fails clearly and is never shown", async () => {
    const { execution, logs } = await run(`id: my_queries
namespace: it.jdbc
tasks:
  - id: setup
    type: io.kestra.plugin.jdbc.mysql.Query
    ${myConn}
    sql: CREATE TABLE orders (id INT PRIMARY KEY) ENGINE=InnoDB
  - id: broken
    type: io.kestra.plugin.jdbc.mysql.Queries
    ${myConn}
    allowFailure: true
    sql: INSERT INTO orders VALUES (1); INSERT INTO orders VALUES (2); SELECT * FROM missing
  - id: check
    type: io.kestra.plugin.jdbc.mysql.Queries
    ${myConn}
    sql: INSERT INTO orders VALUES (3); SELECT id FROM orders ORDER BY id
    fetchType: FETCH
  - id: denied
    type: io.kestra.plugin.jdbc.mysql.Query
    url: ${myUrl}
    username: osprey
    password: wrong-secret-pw
    sql: SELECT 1
`);
    expect(runOf(execution, "broken").error).toBe(
      `query failed on MySQL 127.0.0.1:${my.port}/${name}: Table '${name}.missing' doesn't exist`,
    );
    expect(outputsOf(execution, "check")).toEqual({ outputs: [{ row: null, rows: [{ id: 3 }], size: 1 }] });
    const denied = runOf(execution, "denied");
    expect([execution.state, denied.state, denied.error]).toEqual([
      State.FAILED,
      State.FAILED,
      `cannot connect as osprey on MySQL 127.0.0.1:${my.port}/${name}: Access denied for user 'osprey'@'127.0.0.1' (using password: YES)`,
    ]);
    expect(JSON.stringify(logs)).not.toContain("wrong-secret-pw");
  });
});
