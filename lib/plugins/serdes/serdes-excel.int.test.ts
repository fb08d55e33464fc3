import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileByUri } from "../../files/output-files";
import { State } from "../../states/states";
import { runFlow } from "../../testing/run-flow";
import { useTestExecutor } from "../../testing/test-executor";

// ExcelToIon and IonToExcel on the real engine and storage. Workbooks are made here with exceljs
// (several sheets, dates, formulas with cached results, empty cells) and downloaded by the flow from
// a local HTTP server, as Kestra's documented flows download theirs; IonToExcel's workbooks are read
// back with exceljs and with ExcelToIon.
const t = useTestExecutor();
type Run = { taskId: string; state: string; error: string | null; outputs: Record<string, unknown> | null };
type Ran = Awaited<ReturnType<typeof runFlow>>;

const runOf = ({ execution }: Ran, taskId: string) => (execution.taskRuns as Run[]).find((r) => r.taskId === taskId)!;
const read = async (ran: Ran, uri: unknown) => (await readFileByUri(t.deps, ran.execution.id, String(uri))).content;
const sheetText = async (ran: Ran, taskId: string, sheet: string) =>
  (await read(ran, (runOf(ran, taskId).outputs?.uris as Record<string, string> | undefined)?.[sheet])).toString("utf8");
const succeeded = (ran: Ran) => expect(ran.execution.state, JSON.stringify(ran.execution.taskRuns)).toBe(State.SUCCESS);

const served = new Map<string, Buffer>();
let server: Server;
let base: string;
beforeAll(async () => {
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
  served.set("/excel/Orders.xlsx", await ordersWorkbook());
  served.set("/csv/products.csv", Buffer.from("product_id,name,price\n1,Apple,1.5\n2,Pear,\\N\n"));
  served.set("/csv/fruit.csv", Buffer.from('fruit,color\nkiwi,"green, brown"\n'));
});
afterAll(async () => {
  await t.deps.db.setting.deleteMany({ where: { key: "OSPREY_HTTP_ALLOW_PRIVATE" } });
  await new Promise((r) => server.close(r));
});

/** Three sheets: a table under two title rows, a plain grid, and one to leave out. */
async function ordersWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const orders = workbook.addWorksheet("Orders");
  orders.addRow(["Orders of April"]);
  orders.addRow(["exported by hand"]);
  orders.addRow(["id", "name", "when", "total", "paid", "label"]);
  orders.addRow([1, "Apple", new Date(Date.UTC(2024, 3, 1)), 12.5, true, { formula: 'B4&"!"', result: "Apple!" }]);
  orders.addRow([2, "Pear", new Date(Date.UTC(2024, 3, 2, 14, 30)), 3, false, { formula: "D5*2", result: 6 }]);
  orders.addRow([3]);
  orders.getCell("C4").numFmt = "yyyy-mm-dd";
  orders.getCell("C5").numFmt = "yyyy-mm-dd hh:mm";
  const grid = workbook.addWorksheet("Grid");
  grid.addRow(["a", 1]);
  grid.addRow(["b", 2, "extra"]);
  workbook.addWorksheet("Left out").addRow(["nothing"]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const excelToIon = (id: string, ...props: string[]) =>
  `  - id: ${id}\n    type: io.kestra.plugin.serdes.excel.ExcelToIon\n    from: "{{ outputs.http_download.uri }}"\n${props.map((p) => `    ${p}\n`).join("")}`;

describe("Excel", () => {
  it("Kestra's documented ExcelToIon flow, then its options: sheetsTitle, skipRows, header, valueRender, dateTimeRender", async () => {
    const ran = await runFlow(
      t.deps,
      `id: excel_to_ion
namespace: company.team

tasks:
  - id: http_download
    type: io.kestra.plugin.core.http.Download
    uri: ${base}/excel/Orders.xlsx

  - id: to_ion
    type: io.kestra.plugin.serdes.excel.ExcelToIon
    from: "{{ outputs.http_download.uri }}"
${excelToIon("orders", "sheetsTitle: [Orders]", "skipRows: 2")}${excelToIon("formatted", "sheetsTitle: [Orders]", "skipRows: 2", "valueRender: FORMATTED_VALUE", "dateTimeRender: FORMATTED_STRING")}${excelToIon("serial", "sheetsTitle: [Orders]", "skipRows: 2", "dateTimeRender: SERIAL_NUMBER", "skipEmptyRows: true")}${excelToIon("lists", 'sheetsTitle: ["Grid"]', "header: false")}`,
      t.executor,
    );
    succeeded(ran);
    // The documented flow as written: every sheet, the first row as header.
    expect(Object.keys(runOf(ran, "to_ion").outputs?.uris as object).sort()).toEqual(["Grid", "Left out", "Orders"]);
    expect(runOf(ran, "to_ion").outputs?.size).toBe(5 + 1 + 0);
    expect(await sheetText(ran, "to_ion", "Grid")).toBe("{a:\"b\",'1.0':2.0e0}");

    expect(await sheetText(ran, "orders", "Orders")).toBe(
      '{id:1.0e0,name:"Apple",when:"2024-04-01",total:12.5e0,paid:true,label:"Apple!"}\n' +
        '{id:2.0e0,name:"Pear",when:"2024-04-02",total:3.0e0,paid:false,label:6.0e0}\n' +
        "{id:3.0e0,name:null,when:null,total:null,paid:null,label:null}",
    );
    expect(runOf(ran, "orders").outputs).toMatchObject({ size: 3 });
    expect(Object.keys(runOf(ran, "orders").outputs?.uris as object)).toEqual(["Orders"]);
    // POI's DataFormatter without an evaluator: a formula cell shows its formula.
    expect(await sheetText(ran, "formatted", "Orders")).toBe(
      '{id:"1",name:"Apple",when:"2024-04-01",total:"12.5",paid:"TRUE",label:"B4&\\"!\\""}\n' +
        '{id:"2",name:"Pear",when:"2024-04-02 14:30",total:"3",paid:"FALSE",label:"D5*2"}\n' +
        '{id:"3",name:null,when:null,total:null,paid:null,label:null}',
    );
    expect((await sheetText(ran, "serial", "Orders")).split("\n")[0]).toBe(
      '{id:1.0e0,name:"Apple",when:45383.0e0,total:12.5e0,paid:true,label:"Apple!"}',
    );
    // Without a header: lists, as wide as the first row.
    expect(await sheetText(ran, "lists", "Grid")).toBe('["a",1.0e0]\n["b",2.0e0]');
  });

  it("Kestra's documented multi-sheet IonToExcel flow; the workbook reads back with exceljs and ExcelToIon", async () => {
    const ran = await runFlow(
      t.deps,
      `id: excel
namespace: company.team

tasks:
  - id: dataset1
    type: io.kestra.plugin.core.http.Download
    uri: ${base}/csv/products.csv

  - id: dataset2
    type: io.kestra.plugin.core.http.Download
    uri: ${base}/csv/fruit.csv

  - id: convert1
    type: io.kestra.plugin.serdes.csv.CsvToIon
    from: "{{ outputs.dataset1.uri }}"

  - id: convert2
    type: io.kestra.plugin.serdes.csv.CsvToIon
    from: "{{ outputs.dataset2.uri }}"

  - id: write
    type: io.kestra.plugin.serdes.excel.IonToExcel
    from:
      Sheet_1: "{{ outputs.convert1.uri }}"
      Sheet_2: "{{ outputs.convert2.uri }}"

  - id: typed_ion
    type: io.kestra.plugin.core.storage.Write
    extension: .ion
    content: "{n:1,f:2.5e0,b:true,d:2024-04-01,t:2024-04-01T23:30:00Z,z:null,c:'Formula:1+2',l:[1,\\"a\\"]}"

  - id: typed
    type: io.kestra.plugin.serdes.excel.IonToExcel
    from: "{{ outputs.typed_ion.uri }}"
    sheetsTitle: Typed
    timeZoneId: Europe/Paris

  - id: back
    type: io.kestra.plugin.serdes.excel.ExcelToIon
    from: "{{ outputs.write.uri }}"
`,
      t.executor,
    );
    succeeded(ran);
    expect(runOf(ran, "write").outputs?.size).toBe(3);
    expect(String(runOf(ran, "write").outputs?.uri)).toMatch(/\/write\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await read(ran, runOf(ran, "write").outputs?.uri)).buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["Sheet_1", "Sheet_2"]);
    const values = (name: string) =>
      workbook
        .getWorksheet(name)!
        .getSheetValues()
        .slice(1)
        .map((row) => (row as unknown[]).slice(1));
    expect(values("Sheet_1")).toEqual([
      ["product_id", "name", "price"],
      ["1", "Apple", "1.5"],
      // CsvToIon reads \N as null, which Kestra writes as the text "null".
      ["2", "Pear", "null"],
    ]);
    expect(values("Sheet_2")).toEqual([
      ["fruit", "color"],
      ["kiwi", "green, brown"],
    ]);
    expect(await sheetText(ran, "back", "Sheet_1")).toBe(
      '{product_id:"1",name:"Apple",price:"1.5"}\n{product_id:"2",name:"Pear",price:"null"}',
    );
    expect(runOf(ran, "back").outputs?.size).toBe(3);

    const typed = new ExcelJS.Workbook();
    await typed.xlsx.load(new Uint8Array(await read(ran, runOf(ran, "typed").outputs?.uri)).buffer);
    const sheet = typed.getWorksheet("Typed")!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(["n", "f", "b", "d", "t", "z", "c", "l"]);
    const row = sheet.getRow(2);
    expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value]).toEqual([1, 2.5, true]);
    // A date is its day; a timestamp the day it falls on in timeZoneId (Paris: already April 2), dated yyyy-MM-dd.
    expect([row.getCell(4).value, row.getCell(5).value]).toEqual([
      new Date(Date.UTC(2024, 3, 1)),
      new Date(Date.UTC(2024, 3, 2)),
    ]);
    expect(row.getCell(4).numFmt).toBe("yyyy-MM-dd");
    expect([row.getCell(6).value, row.getCell(7).formula, row.getCell(8).value]).toEqual(["null", "1+2", "[1, a]"]);
  });

  it("IonToExcel fails clearly on a list under a header and on a bad sheet name", async () => {
    const ran = await runFlow(
      t.deps,
      `id: excel_errors
namespace: it.serdes
tasks:
  - id: lists
    type: io.kestra.plugin.core.storage.Write
    extension: .ion
    content: '["a","b"]'
  - id: to_excel
    type: io.kestra.plugin.serdes.excel.IonToExcel
    from: "{{ outputs.lists.uri }}"
`,
      t.executor,
    );
    expect(runOf(ran, "to_excel").error).toBe("Invalid data of type List with header");
    const badName = await runFlow(
      t.deps,
      `id: excel_bad_name
namespace: it.serdes
tasks:
  - id: src
    type: io.kestra.plugin.core.storage.Write
    extension: .ion
    content: "{a:1}"
  - id: to_excel
    type: io.kestra.plugin.serdes.excel.IonToExcel
    from: "{{ outputs.src.uri }}"
    sheetsTitle: "a/b"
`,
      t.executor,
    );
    expect(runOf(badName, "to_excel").error).toMatch(/^Invalid sheet name "a\/b"/);
  });

  it("ExcelToIon refuses a file that is not a workbook", async () => {
    const ran = await runFlow(
      t.deps,
      `id: excel_not_xlsx
namespace: it.serdes
tasks:
  - id: src
    type: io.kestra.plugin.core.storage.Write
    extension: .xlsx
    content: "{a:1}"
  - id: read
    type: io.kestra.plugin.serdes.excel.ExcelToIon
    from: "{{ outputs.src.uri }}"
`,
      t.executor,
    );
    expect(ran.execution.state).toBe(State.FAILED);
    expect(runOf(ran, "read").error).toMatch(/^Not an Excel \(\.xlsx\) file/);
  });
});
