import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zlib from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileByUri } from "../../files/output-files";
import { State } from "../../states/states";
import { runFlow } from "../../testing/run-flow";
import { useTestExecutor } from "../../testing/test-executor";

// IonToParquet and ParquetToIon on the real engine and storage: Ion made by CsvToIon or Write tasks,
// Parquet checked by an independent reader (DuckDB), and Parquet written by DuckDB read back.
const t = useTestExecutor();
type Run = { taskId: string; state: string; error: string | null; outputs: Record<string, unknown> | null };
type Ran = Awaited<ReturnType<typeof runFlow>>;

const S = "io.kestra.plugin.serdes";
const write = (id: string, content: string, extension: string) =>
  `  - id: ${id}\n    type: io.kestra.plugin.core.storage.Write\n    content: ${JSON.stringify(content)}\n    extension: ${extension}\n`;
const task = (id: string, type: string, from: string, ...props: string[]) =>
  `  - id: ${id}\n    type: ${S}.${type}\n    from: "{{ outputs.${from}.uri }}"\n${props.map((p) => `    ${p}\n`).join("")}`;
const run = (id: string, ...tasks: string[]) =>
  runFlow(t.deps, `id: ${id}\nnamespace: it.serdes\ntasks:\n${tasks.join("")}`, t.executor);
const runOf = ({ execution }: Ran, taskId: string) => (execution.taskRuns as Run[]).find((r) => r.taskId === taskId)!;
const bytesOf = async (ran: Ran, taskId: string) =>
  (await readFileByUri(t.deps, ran.execution.id, String(runOf(ran, taskId).outputs?.uri))).content;
const textOf = async (ran: Ran, taskId: string) => (await bytesOf(ran, taskId)).toString("utf8");
const succeeded = (ran: Ran) => expect(ran.execution.state, JSON.stringify(ran.execution.taskRuns)).toBe(State.SUCCESS);

let dir: string;
let duck: Awaited<ReturnType<DuckDBInstance["connect"]>>;
/** Files the HTTP server gives by path, for Kestra's documented flows that download their data. */
const served = new Map<string, Buffer>();
let server: Server;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "serdes-parquet-"));
  duck = await (await DuckDBInstance.create(":memory:")).connect();
  server = createServer((req, res) => {
    const body = served.get(req.url ?? "");
    res.writeHead(body ? 200 : 404).end(body ?? "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await t.deps.db.setting.upsert({
    where: { key: "OSPREY_HTTP_ALLOW_PRIVATE" },
    create: { key: "OSPREY_HTTP_ALLOW_PRIVATE", value: "true" },
    update: { value: "true" },
  });
});
afterAll(async () => {
  await t.deps.db.setting.deleteMany({ where: { key: "OSPREY_HTTP_ALLOW_PRIVATE" } });
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

/** Rows DuckDB reads from a Parquet file's bytes, every value as text. */
async function duckRows(bytes: Buffer, select = "*"): Promise<Record<string, string | null>[]> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.parquet`);
  await writeFile(path, bytes);
  const reader = await duck.runAndReadAll(`SELECT ${select} FROM read_parquet('${path}')`);
  return reader
    .getRowObjects()
    .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : String(v)])));
}
async function duckTypes(bytes: Buffer): Promise<Record<string, string>> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.parquet`);
  await writeFile(path, bytes);
  const reader = await duck.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
  return Object.fromEntries(reader.getRowObjects().map((r) => [String(r.column_name), String(r.column_type)]));
}

const SCHEMA = JSON.stringify({
  type: "record",
  name: "Row",
  fields: [
    { name: "id", type: "int" },
    { name: "big", type: "long" },
    { name: "price", type: "double" },
    { name: "active", type: "boolean" },
    { name: "name", type: ["null", "string"] },
    { name: "day", type: { type: "int", logicalType: "date" } },
    { name: "at", type: { type: "long", logicalType: "timestamp-millis" } },
    { name: "amount", type: { type: "bytes", logicalType: "decimal", precision: 9, scale: 2 } },
  ],
});
const CSV =
  "id,big,price,active,name,day,at,amount\n" +
  "1,9007199254740993,1.5,true,Alice,2024-01-02,2024-01-02T10:15:30Z,12.5\n" +
  "2,-3,-2.25,no,,2024-02-29,2024-02-29T23:59:59+02:00,-0.125\n" +
  "3,0,0,0,NA,2023-12-31,2023-12-31T00:00,7\n";

describe("Parquet", () => {
  it("CSV → Ion → Parquet (explicit Avro schema) → Ion keeps ints, longs, doubles, booleans, nulls, dates, timestamps, decimals; DuckDB reads the file", async () => {
    const ran = await run(
      "parquet-roundtrip",
      write("csv", CSV, ".csv"),
      task("ion", "csv.CsvToIon", "csv"),
      task("parquet", "parquet.IonToParquet", "ion", `schema: ${JSON.stringify(SCHEMA)}`, "timeZoneId: UTC"),
      task(
        "snappy",
        "parquet.ParquetWriter",
        "ion",
        `schema: ${JSON.stringify(SCHEMA)}`,
        "timeZoneId: UTC",
        "compressionCodec: SNAPPY",
      ),
      task("back", "parquet.ParquetToIon", "parquet"),
      task("back_snappy", "parquet.ParquetReader", "snappy"),
    );
    succeeded(ran);
    const expected =
      '{id:1,big:9007199254740993,price:1.5e0,active:true,name:"Alice",day:2024-01-02,at:2024-01-02T10:15:30.000Z,amount:12.50}\n' +
      "{id:2,big:-3,price:-2.25e0,active:false,name:null,day:2024-02-29,at:2024-02-29T21:59:59.000Z,amount:-0.12}\n" +
      "{id:3,big:0,price:0.0e0,active:false,name:null,day:2023-12-31,at:2023-12-31T00:00:00.000Z,amount:7.00}";
    expect(await textOf(ran, "back")).toBe(expected);
    expect(await textOf(ran, "back_snappy")).toBe(expected);
    expect([runOf(ran, "parquet").outputs?.size, runOf(ran, "back").outputs?.size]).toEqual([3, 3]);
    expect(String(runOf(ran, "parquet").outputs?.uri)).toMatch(/\/parquet\.parquet$/);

    for (const id of ["parquet", "snappy"]) {
      const bytes = await bytesOf(ran, id);
      expect(await duckTypes(bytes)).toEqual({
        id: "INTEGER",
        big: "BIGINT",
        price: "DOUBLE",
        active: "BOOLEAN",
        name: "VARCHAR",
        day: "DATE",
        at: "TIMESTAMP WITH TIME ZONE",
        amount: "DECIMAL(9,2)",
      });
      expect(
        await duckRows(
          bytes,
          `id, big, price, active, name, day::VARCHAR AS day, epoch_ms("at") AS "at", amount::VARCHAR AS amount`,
        ),
      ).toEqual([
        {
          id: "1",
          big: "9007199254740993",
          price: "1.5",
          active: "true",
          name: "Alice",
          day: "2024-01-02",
          at: "1704190530000",
          amount: "12.50",
        },
        {
          id: "2",
          big: "-3",
          price: "-2.25",
          active: "false",
          name: null,
          day: "2024-02-29",
          at: "1709243999000",
          amount: "-0.12",
        },
        {
          id: "3",
          big: "0",
          price: "0",
          active: "false",
          name: null,
          day: "2023-12-31",
          at: "1703980800000",
          amount: "7.00",
        },
      ]);
    }
  });

  it("infers the schema from Ion values: structs, lists, local timestamps in timeZoneId; lists as records come back as lists", async () => {
    const ion =
      '{i:1,d:2.5e0,b:true,s:"x",n:null,dt:2024-01-02,ts:2024-01-02T10:00:00Z,l:[1,2],m:{k:"v"}}\n' +
      "{i:2147483648,d:3,b:false,s:null,n:null,dt:null,ts:null,l:[],m:null}";
    const ran = await run(
      "parquet-infer",
      write("src", ion, ".ion"),
      task("parquet", "parquet.IonToParquet", "src", "timeZoneId: Europe/Paris", "compressionCodec: UNCOMPRESSED"),
      task("back", "parquet.ParquetToIon", "parquet"),
      write("lists", "[1,2]\n[3]\n[]", ".ion"),
      task("lists_parquet", "parquet.IonToParquet", "lists"),
      task("lists_back", "parquet.ParquetToIon", "lists_parquet"),
    );
    succeeded(ran);
    expect(await textOf(ran, "back")).toBe(
      '{i:1,d:2.5e0,b:true,s:"x",n:null,dt:2024-01-02,ts:LocalDateTime::"2024-01-02T11:00:00",l:[1,2],m:{k:"v"}}\n' +
        "{i:2147483648,d:3.0e0,b:false,s:null,n:null,dt:null,ts:null,l:[],m:null}",
    );
    expect(await textOf(ran, "lists_back")).toBe("[1,2]\n[3]\n[]");
    expect(await duckTypes(await bytesOf(ran, "parquet"))).toMatchObject({
      i: "BIGINT",
      d: "DOUBLE",
      ts: "TIMESTAMP",
      l: "INTEGER[]",
    });
  });

  it("onBadLines: ERROR fails naming the field, SKIP writes null; strictSchema refuses extra fields; an empty file cannot be inferred", async () => {
    const schema = JSON.stringify({ type: "record", name: "R", fields: [{ name: "n", type: ["null", "int"] }] });
    const src = write("src", '{n:"12"}\n{n:"abc"}', ".ion");
    const failed = await run(
      "parquet-bad",
      src,
      task("p", "parquet.IonToParquet", "src", `schema: ${JSON.stringify(schema)}`),
    );
    expect(failed.execution.state).toBe(State.FAILED);
    expect(runOf(failed, "p").error).toMatch(/^Unable to convert field 'n' with data \[\{"n":"abc"\}\]/);

    const ran = await run(
      "parquet-skip",
      src,
      task("p", "parquet.IonToParquet", "src", `schema: ${JSON.stringify(schema)}`, "onBadLines: SKIP"),
      task("back", "parquet.ParquetToIon", "p"),
    );
    succeeded(ran);
    expect(await textOf(ran, "back")).toBe("{n:12}\n{n:null}");

    const strict = await run(
      "parquet-strict",
      write("src", "{n:1,extra:2}", ".ion"),
      task("p", "parquet.IonToParquet", "src", `schema: ${JSON.stringify(schema)}`, "strictSchema: true"),
    );
    expect(runOf(strict, "p").error).toBe("Data contains more fields than schema: expected 1, got 2");

    const empty = await run("parquet-empty", write("src", "", ".ion"), task("p", "parquet.IonToParquet", "src"));
    expect(runOf(empty, "p").error).toBe(
      "Cannot infer Avro schema from ION input: the file appears to be empty or contains no valid records.",
    );
    const badSchema = await run(
      "parquet-bad-schema",
      write("src", "{n:1}", ".ion"),
      task("p", "parquet.IonToParquet", "src", 'schema: \'{"type":"record"}\''),
    );
    expect(runOf(badSchema, "p").error).toBe("Invalid Avro schema: a record needs a name");
  });

  it("ZSTD compresses where Node.js has zstd, else fails saying so", async () => {
    const ran = await run(
      "parquet-zstd",
      write("src", "{a:1}", ".ion"),
      task("p", "parquet.IonToParquet", "src", "compressionCodec: ZSTD"),
    );
    if ("zstdCompressSync" in zlib) {
      succeeded(ran);
      expect(await duckRows(await bytesOf(ran, "p"))).toEqual([{ a: "1" }]);
    } else {
      expect(runOf(ran, "p").error).toMatch(/^compressionCodec ZSTD needs Node.js 22.15 or later/);
    }
  });

  it("Kestra's documented ParquetToIon flow reads a Parquet file DuckDB wrote (nested, timestamps, decimals, ZSTD)", async () => {
    const path = join(dir, "products.parquet");
    await duck.run(`COPY (
      SELECT * FROM (VALUES
        (1, 'Apple', 1.5::DOUBLE, 12.50::DECIMAL(10,2), DATE '2024-01-02', TIMESTAMP '2024-01-02 10:00:00.123456',
         TIMESTAMPTZ '2024-01-02 10:00:00+00', TIME '10:11:12', [1, 2], {'a': 1, 'b': 'x'}, true, 'hi'::BLOB),
        (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
      ) AS t(product_id, name, price, amount, day, ts, tz, tm, l, st, ok, raw)
    ) TO '${path}' (FORMAT parquet, COMPRESSION zstd)`);
    served.set("/parquet/products.parquet", await readFile(path));
    const ran = await runFlow(
      t.deps,
      `id: parquet_to_ion
namespace: company.team

tasks:
  - id: http_download
    type: io.kestra.plugin.core.http.Download
    uri: ${base}/parquet/products.parquet

  - id: to_ion
    type: io.kestra.plugin.serdes.parquet.ParquetToIon
    from: "{{ outputs.http_download.uri }}"
`,
      t.executor,
    );
    succeeded(ran);
    expect(await textOf(ran, "to_ion")).toBe(
      '{product_id:1,name:"Apple",price:1.5e0,amount:12.50,day:2024-01-02,ts:LocalDateTime::"2024-01-02T10:00:00.123456",' +
        'tz:2024-01-02T10:00:00.000Z,tm:LocalTime::"10:11:12",l:[1,2],st:{a:1,b:"x"},ok:true,raw:{{aGk=}}}\n' +
        "{product_id:2,name:null,price:null,amount:null,day:null,ts:null,tz:null,tm:null,l:null,st:null,ok:null,raw:null}",
    );
    expect(runOf(ran, "to_ion").outputs?.size).toBe(2);
  });
});
