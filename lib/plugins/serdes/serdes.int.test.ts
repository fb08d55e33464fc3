import { describe, expect, it } from "vitest";
import { readFileByUri } from "../../files/output-files";
import { State } from "../../states/states";
import { runFlow } from "../../testing/run-flow";
import { useTestExecutor } from "../../testing/test-executor";

// Kestra's serdes tasks on the real engine and storage: input files are made in the flow by
// core Write tasks, converted through chains of tasks, and read back byte for byte.
const t = useTestExecutor();
type Run = { taskId: string; state: string; error: string | null; outputs: Record<string, unknown> | null };
type Ran = Awaited<ReturnType<typeof runFlow>>;

const S = "io.kestra.plugin.serdes";
/** A Write task holding `content` exactly (JSON escapes are YAML escapes too). */
const write = (id: string, content: string, extension: string) =>
  `  - id: ${id}\n    type: io.kestra.plugin.core.storage.Write\n    content: ${JSON.stringify(content)}\n    extension: ${extension}\n`;
/** A task converting `from`'s output, with its properties as YAML lines. */
const task = (id: string, type: string, from: string, ...props: string[]) =>
  `  - id: ${id}\n    type: ${S}.${type}\n    from: "{{ outputs.${from}.uri }}"\n${props.map((p) => `    ${p}\n`).join("")}`;

async function run(id: string, ...tasks: string[]): Promise<Ran> {
  return runFlow(t.deps, `id: ${id}\nnamespace: it.serdes\ntasks:\n${tasks.join("")}`, t.executor);
}
const runOf = ({ execution }: Ran, taskId: string) => (execution.taskRuns as Run[]).find((r) => r.taskId === taskId)!;
const sizeOf = (ran: Ran, taskId: string) => runOf(ran, taskId).outputs?.size;
async function bytesOf(ran: Ran, taskId: string): Promise<Buffer> {
  const uri = String(runOf(ran, taskId).outputs?.uri);
  return (await readFileByUri(t.deps, ran.execution.id, uri)).content;
}
const textOf = async (ran: Ran, taskId: string) => (await bytesOf(ran, taskId)).toString("utf8");
const messages = (ran: Ran) => ran.logs.map((l) => l.message);
const succeeded = (ran: Ran) => expect(ran.execution.state, JSON.stringify(ran.execution.taskRuns)).toBe(State.SUCCESS);

describe("CSV", () => {
  it("round-trips quotes, an embedded line break, `;` and CRLF byte for byte (CsvToIon, CsvWriter alias)", async () => {
    const csv = '"id";"name";"note"\r\n"1";"Alice ""A""";"line1\nline2"\r\n"2";"";"x;y"\r\n"3";"#";"é"\r\n';
    const ran = await run(
      "csv-roundtrip",
      write("src", csv, ".csv"),
      task("to_ion", "csv.CsvToIon", "src", 'fieldSeparator: ";"'),
      task(
        "to_csv",
        "csv.CsvWriter",
        "to_ion",
        'fieldSeparator: ";"',
        "alwaysDelimitText: true",
        'lineDelimiter: "\\r\\n"',
      ),
    );
    succeeded(ran);
    expect(await textOf(ran, "to_ion")).toBe(
      '{id:"1",name:"Alice \\"A\\"",note:"line1\\nline2"}\n{id:"2",name:"",note:"x;y"}\n{id:"3",name:"#",note:"é"}',
    );
    expect((await bytesOf(ran, "to_csv")).equals(Buffer.from(csv))).toBe(true);
    expect([sizeOf(ran, "to_ion"), sizeOf(ran, "to_csv")]).toEqual([3, 3]);
    expect(String(runOf(ran, "to_ion").outputs?.uri)).toMatch(/\/to_ion\.ion$/);
  });

  it("reads a BOM, \\N as null, drops a trailing unnamed column or renames it, skips rows and empty lines, reads lists without a header", async () => {
    const csv = "\ufeffid,name,\n1,\\N,x\n\n2,b,y\n";
    const ran = await run(
      "csv-reader",
      write("src", csv, ".csv"),
      task("drop", "csv.CsvToIon", "src", "skipEmptyRows: true"),
      task("rename", "csv.CsvReader", "src", "skipEmptyRows: true", "onEmptyHeader: RENAME"),
      task("lists", "csv.CsvToIon", "src", "header: false", "skipRows: 1", "skipEmptyRows: true"),
      task("kept_empty", "csv.CsvToIon", "src", "header: false"),
    );
    succeeded(ran);
    expect(await textOf(ran, "drop")).toBe('{id:"1",name:null}\n{id:"2",name:"b"}');
    expect(await textOf(ran, "rename")).toBe('{id:"1",name:null,col_2:"x"}\n{id:"2",name:"b",col_2:"y"}');
    expect(await textOf(ran, "lists")).toBe('["1",null,"x"]\n["2","b","y"]');
    expect(await textOf(ran, "kept_empty")).toBe('["id","name",""]\n["1",null,"x"]\n[""]\n["2","b","y"]');
    expect([sizeOf(ran, "drop"), sizeOf(ran, "lists"), sizeOf(ran, "kept_empty")]).toEqual([2, 2, 4]);
    expect(messages(ran)).toContain(
      "Dropped 1 trailing unnamed header column(s); their values are not emitted. Set onEmptyHeader=RENAME to keep them.",
    );
  });

  it("onBadLines: ERROR fails on a row of another field count, WARN logs and skips it, SKIP skips it", async () => {
    const csv = "a,b\n1,2\n3\n4,5,6\n7,8\n";
    const failed = await run("csv-bad-error", write("src", csv, ".csv"), task("read", "csv.CsvToIon", "src"));
    expect(failed.execution.state).toBe(State.FAILED);
    expect(runOf(failed, "read").error).toBe("Bad line encountered (field count mismatch): Expected 2, got 1 fields.");

    const ran = await run(
      "csv-bad-lenient",
      write("src", csv, ".csv"),
      task("warn", "csv.CsvToIon", "src", "onBadLines: WARN"),
      task("skip", "csv.CsvToIon", "src", "onBadLines: SKIP"),
      write("broken", 'a,b\n1,2\n"3"x,4\n5,6\n', ".csv"),
      task("stops", "csv.CsvToIon", "broken", "onBadLines: WARN"),
    );
    succeeded(ran);
    expect(await textOf(ran, "warn")).toBe('{a:"1",b:"2"}\n{a:"7",b:"8"}');
    expect(await textOf(ran, "skip")).toBe(await textOf(ran, "warn"));
    expect([sizeOf(ran, "warn"), sizeOf(ran, "skip")]).toEqual([2, 2]);
    const warned = ran.logs.filter((l) => l.taskId === "warn").map((l) => l.message);
    expect(warned).toEqual(
      expect.arrayContaining([
        "Bad line encountered (field count mismatch): Expected 2, got 1 fields.",
        "Bad line encountered (field count mismatch): Expected 2, got 3 fields.",
      ]),
    );
    expect(ran.logs.filter((l) => l.taskId === "skip" && l.message.startsWith("Bad line"))).toEqual([]);
    // A line the reader cannot parse ends the reading, as in Kestra.
    expect([await textOf(ran, "stops"), sizeOf(ran, "stops")]).toEqual(['{a:"1",b:"2"}', 1]);
    expect(messages(ran)).toContain(
      "Bad line encountered (skipped): Unexpected character after closing quote: 'x' (0x78)",
    );
  });

  it("IonToCsv: Kestra's examples, quote modes, dates and Java's toString; a list under a header fails", async () => {
    const ran = await run(
      "ion-to-csv",
      write("src", '{a:"PE1617279780",b:"E:4 PAST FR",c:1,d:34.03}', ".ion"),
      task("with_header", "csv.IonToCsv", "src"),
      task("no_header", "csv.IonToCsv", "src", "header: false"),
      write("mixed", '{a:"test",b:42,c:-7,d:3.14,e:-0.5,f:"12abc"}', ".ion"),
      task("non_numeric", "csv.IonToCsv", "mixed", "header: false", "quoteMode: NON_NUMERIC"),
      task("always", "csv.IonToCsv", "mixed", "quoteMode: ALWAYS", 'lineDelimiter: "\\r"'),
      write(
        "typed",
        '{t:2021-05-05T10:21:12.123Z,d:2021-05-05,z:2021-05-05T12:21:12+02:00,n:null,f:1.5e0,l:[1,"a"],m:{k:true}}',
        ".ion",
      ),
      task("dates", "csv.IonToCsv", "typed"),
      task("formats", "csv.IonToCsv", "typed", "dateFormat: dd/MM/yyyy", 'dateTimeFormat: "yyyy-MM-dd HH:mm[ XXX]"'),
    );
    succeeded(ran);
    expect(await textOf(ran, "with_header")).toBe("a,b,c,d\nPE1617279780,E:4 PAST FR,1,34.03\n");
    expect(await textOf(ran, "no_header")).toBe("PE1617279780,E:4 PAST FR,1,34.03\n");
    expect(await textOf(ran, "non_numeric")).toBe('"test",42,-7,3.14,-0.5,"12abc"\n');
    expect(await textOf(ran, "always")).toBe('"a","b","c","d","e","f"\r"test","42","-7","3.14","-0.5","12abc"\r');
    expect(await textOf(ran, "dates")).toBe(
      't,d,z,n,f,l,m\n2021-05-05T10:21:12.123Z,2021-05-05,2021-05-05T10:21:12.000Z,,1.5,"[1, a]",{k=true}\n',
    );
    expect((await textOf(ran, "formats")).split("\n")[1]).toBe(
      '2021-05-05 10:21 Z,05/05/2021,2021-05-05 10:21 Z,,1.5,"[1, a]",{k=true}',
    );

    const failed = await run("ion-to-csv-list", write("src", '["a","b"]', ".ion"), task("csv", "csv.IonToCsv", "src"));
    expect(runOf(failed, "csv").error).toBe("Invalid data of type List with header");
    const badDelimiter = await run(
      "ion-to-csv-delimiter",
      write("src", "{a:1}", ".ion"),
      task("csv", "csv.IonToCsv", "src", 'lineDelimiter: ";"'),
    );
    expect(runOf(badDelimiter, "csv").error).toBe("Unknown line delimiter: ;");
  });

  it("writes and reads ISO-8859-1 and UTF-16LE", async () => {
    const ran = await run(
      "csv-charsets",
      write("src", '{n:"é€"}', ".ion"),
      task("latin1", "csv.IonToCsv", "src", "charset: ISO-8859-1"),
      task("back_latin1", "csv.CsvToIon", "latin1", "charset: ISO-8859-1"),
      task("utf16", "csv.IonToCsv", "src", "charset: UTF-16LE"),
      task("back_utf16", "csv.CsvToIon", "utf16", "charset: UTF-16LE"),
    );
    succeeded(ran);
    expect(await bytesOf(ran, "latin1")).toEqual(Buffer.from([0x6e, 0x0a, 0xe9, 0x3f, 0x0a]));
    expect(await textOf(ran, "back_latin1")).toBe('{n:"é?"}');
    expect(await bytesOf(ran, "utf16")).toEqual(Buffer.from("n\né€\n", "utf16le"));
    expect(await textOf(ran, "back_utf16")).toBe('{n:"é€"}');

    const unknown = await run(
      "csv-bad-charset",
      write("src", "a\n1\n", ".csv"),
      task("read", "csv.CsvToIon", "src", "charset: NOPE-1"),
    );
    expect(runOf(unknown, "read").error).toBe("Unsupported charset: NOPE-1");
  });
});

describe("JSON", () => {
  const ion = '{a:1,b:null,c:"x"}\n{a:2,l:[null,1.5e0]}\n{t:2021-05-05T10:21:12.123Z}';

  it("IonToJson: JSON Lines with Jackson's space before each later record, or one document; null fields left out", async () => {
    const ran = await run(
      "ion-to-json",
      write("src", ion, ".ion"),
      task("lines", "json.IonToJson", "src", "timeZoneId: UTC"),
      task("document", "json.JsonWriter", "src", "newLine: false", "timeZoneId: Europe/Paris"),
      write("one", "{a:1}", ".ion"),
      task("single", "json.IonToJson", "one", "newLine: false"),
      write("none", "", ".ion"),
      task("empty", "json.IonToJson", "none", "newLine: false"),
    );
    succeeded(ran);
    expect(await textOf(ran, "lines")).toBe(
      '{"a":1,"c":"x"}\n {"a":2,"l":[null,1.5]}\n {"t":"2021-05-05T10:21:12.123+00:00"}\n',
    );
    expect(await textOf(ran, "document")).toBe(
      '[{"a":1,"c":"x"},{"a":2,"l":[null,1.5]},{"t":"2021-05-05T12:21:12.123+02:00"}]',
    );
    expect([await textOf(ran, "single"), await textOf(ran, "empty")]).toEqual(['{"a":1}', ""]);
    expect([sizeOf(ran, "lines"), sizeOf(ran, "document"), sizeOf(ran, "single"), sizeOf(ran, "empty")]).toEqual([
      3, 3, 1, 0,
    ]);
    expect(String(runOf(ran, "lines").outputs?.uri)).toMatch(/\.jsonl$/);
    expect(String(runOf(ran, "document").outputs?.uri)).toMatch(/\.json$/);
  });

  it("JsonToIon: a value per line, or a document whose array gives a record per element; a blank line fails", async () => {
    const ran = await run(
      "json-to-ion",
      write("lines", '{"a":1,"b":1.5,"c":"x","d":null,"e":[true,{"f":"g"}]}\r\n{"a":2}\n', ".jsonl"),
      task("from_lines", "json.JsonToIon", "lines"),
      write("array", '[ {"a":1}, {"a":[2]} ,3 ]', ".json"),
      task("from_array", "json.JsonReader", "array", "newLine: false"),
      write("object", '{"k":"v"}', ".json"),
      task("from_object", "json.JsonToIon", "object", "newLine: false"),
    );
    succeeded(ran);
    expect(await textOf(ran, "from_lines")).toBe('{a:1,b:1.5e0,c:"x",d:null,e:[true,{f:"g"}]}\n{a:2}');
    expect(await textOf(ran, "from_array")).toBe("{a:1}\n{a:[2]}\n3");
    expect(await textOf(ran, "from_object")).toBe('{k:"v"}');
    expect([sizeOf(ran, "from_lines"), sizeOf(ran, "from_array"), sizeOf(ran, "from_object")]).toEqual([2, 3, 1]);

    const blank = await run(
      "json-blank",
      write("src", '{"a":1}\n\n{"a":2}\n', ".jsonl"),
      task("ion", "json.JsonToIon", "src"),
    );
    expect(runOf(blank, "ion").error).toBe("No content to map due to end-of-input (line 2)");
  });

  it("a chain CsvToIon → IonToJson → JsonToIon → IonToCsv gives the CSV back; JsonToJsonl keeps nulls", async () => {
    const csv = 'a,b\n1,"x,y"\n2,"say ""hi"""\n3,\n';
    const ran = await run(
      "serdes-chain",
      write("src", csv, ".csv"),
      task("ion", "csv.CsvToIon", "src"),
      task("json", "json.IonToJson", "ion"),
      task("ion2", "json.JsonToIon", "json"),
      task("csv", "csv.IonToCsv", "ion2"),
      write("array", '[{"a":1,"b":null},\n {"c":[1,2.5,"\\u0001"]}]', ".json"),
      task("jsonl", "json.JsonToJsonl", "array"),
    );
    succeeded(ran);
    expect(await textOf(ran, "json")).toBe('{"a":"1","b":"x,y"}\n {"a":"2","b":"say \\"hi\\""}\n {"a":"3","b":""}\n');
    expect(await textOf(ran, "csv")).toBe(csv);
    expect(await textOf(ran, "jsonl")).toBe('{"a":1,"b":null}\n{"c":[1,2.5,"\\u0001"]}\n');
    expect([sizeOf(ran, "ion2"), sizeOf(ran, "csv"), sizeOf(ran, "jsonl")]).toEqual([3, 3, 2]);
  });
});

describe("YAML", () => {
  it("IonToYaml writes a lone record as a document, several after `---`; YamlToIon gives a record per document", async () => {
    const ran = await run(
      "yaml",
      write("two", '{a:1,n:null,l:["x",2]}\n{b:"multi\\nline"}', ".ion"),
      task("docs", "yaml.IonToYaml", "two"),
      write("one", "{a:1}", ".ion"),
      task("doc", "yaml.IonToYaml", "one"),
      write("yaml", "# comment\na: 1\n---\nb: [x, 2]\n--- 3\n...\n", ".yaml"),
      task("ion", "yaml.YamlToIon", "yaml"),
    );
    succeeded(ran);
    expect(await textOf(ran, "docs")).toBe('---\na: 1\nl:\n- x\n- 2\n\n---\nb: "multi\\nline"\n\n');
    expect(await textOf(ran, "doc")).toBe("a: 1\n\n");
    expect(await textOf(ran, "ion")).toBe('{a:1}\n{b:["x",2]}\n3');
    expect([sizeOf(ran, "docs"), sizeOf(ran, "ion")]).toEqual([2, 3]);
  });
});
