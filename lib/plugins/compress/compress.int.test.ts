import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { createExecution } from "../../executions/create-execution";
import { inputFileUri, storeInputFile } from "../../files/input-files";
import { readFileByUri } from "../../files/output-files";
import { saveFlow } from "../../flows/save-flow";
import { readLogs } from "../../logs/read-logs";
import { State } from "../../states/states";
import { runFlow, waitForEnd } from "../../testing/run-flow";
import { useTestExecutor } from "../../testing/test-executor";

// Kestra's compress tasks on the real engine and storage: flows from the plugin's own examples and
// tests, round trips through every algorithm read back byte for byte, and archives exchanged with
// the system's tar, gzip, bzip2 and Python's zipfile in both directions.
const t = useTestExecutor();
const P = "io.kestra.plugin.compress";
type Run = { taskId: string; state: string; error: string | null; outputs: Record<string, unknown> | null };
type Ran = Awaited<ReturnType<typeof runFlow>>;

const work = mkdtempSync(join(tmpdir(), "compress-it-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `yaml` with FILE inputs stored first (input id → file name and bytes). */
async function runWithFiles(yaml: string, files: Record<string, { name: string; content: Buffer }>): Promise<Ran> {
  const flow = await saveFlow(t.deps.db, yaml, { create: true });
  const id = randomUUID();
  const inputs: Record<string, string> = {};
  for (const [input, file] of Object.entries(files)) {
    await storeInputFile(t.deps.storage, id, input, { name: file.name, stream: Readable.from([file.content]) });
    inputs[input] = inputFileUri(id, input, file.name);
  }
  await createExecution(t.deps.db, flow.namespace, flow.id, inputs, undefined, { id });
  t.executor.wake();
  const execution = await waitForEnd(t.deps, id);
  return { execution, logs: await readLogs(t.deps.db, id, { limit: 1000 }) };
}

const runOf = ({ execution }: Ran, taskId: string) => (execution.taskRuns as Run[]).find((r) => r.taskId === taskId)!;
const succeeded = (ran: Ran) => expect(ran.execution.state, JSON.stringify(ran.execution.taskRuns)).toBe(State.SUCCESS);
const bytesAt = async (ran: Ran, uri: unknown) => (await readFileByUri(t.deps, ran.execution.id, String(uri))).content;
const outputBytes = (ran: Ran, taskId: string) => bytesAt(ran, runOf(ran, taskId).outputs?.uri);
const filesOf = (ran: Ran, taskId: string) => runOf(ran, taskId).outputs?.files as Record<string, string>;
const write = (id: string, content: string) =>
  `  - id: ${id}\n    type: io.kestra.plugin.core.storage.Write\n    content: ${JSON.stringify(content)}\n    extension: .txt\n`;
/** Runs Python with `args`, feeding `input`; returns its stdout. */
const python = (script: string, input?: Buffer, ...args: string[]) =>
  execFileSync("python3", ["-c", script, ...args], { input, maxBuffer: 64 * 1024 * 1024 });

describe("Kestra's examples and sanity checks, as written", () => {
  it("ArchiveCompress 'Compress an input file': a ZIP that Python's zipfile reads", async () => {
    const ran = await runWithFiles(
      `id: archive_compress
namespace: company.team

inputs:
  - id: file
    type: FILE

tasks:
  - id: "archive_compress"
    type: "io.kestra.plugin.compress.ArchiveCompress"
    from:
      myfile.txt: "{{ inputs.file }}"
    algorithm: ZIP
`,
      { file: { name: "data.bin", content: Buffer.from("héllo\u0000zip\n") } },
    );
    succeeded(ran);
    const zip = await outputBytes(ran, "archive_compress");
    const listed = python(
      "import sys,zipfile,io,json; z=zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read())); print(json.dumps({i.filename: z.read(i).decode('utf8') for i in z.infolist()}))",
      zip,
    );
    expect(JSON.parse(listed.toString())).toEqual({ "myfile.txt": "héllo\u0000zip\n" });
    expect(String(runOf(ran, "archive_compress").outputs?.uri)).toMatch(/\/archive_compress\.zip$/);
  });

  it("ArchiveDecompress's example (ZIP + GZIP) on a zip made by Python and gzipped by gzip", async () => {
    const zip = python(
      "import sys,zipfile,io; b=io.BytesIO(); z=zipfile.ZipFile(b,'w',zipfile.ZIP_DEFLATED); z.writestr('a/one.txt','one'*1000); z.writestr('dir/',''); z.writestr('two.csv','x,y\\n1,2\\n'); z.close(); sys.stdout.buffer.write(b.getvalue())",
    );
    const ran = await runWithFiles(
      `id: archive_decompress
namespace: company.team

inputs:
  - id: file
    description: Compressed file
    type: FILE

tasks:
  - id: archive_decompress
    type: io.kestra.plugin.compress.ArchiveDecompress
    from: "{{ inputs.file }}"
    algorithm: ZIP
    compression: GZIP
`,
      { file: { name: "archive.zip.gz", content: execFileSync("gzip", ["-c"], { input: zip }) } },
    );
    succeeded(ran);
    const files = filesOf(ran, "archive_decompress");
    expect(Object.keys(files).sort()).toEqual(["a/one.txt", "two.csv"]);
    expect((await bytesAt(ran, files["a/one.txt"])).toString()).toBe("one".repeat(1000));
    expect((await bytesAt(ran, files["two.csv"])).toString()).toBe("x,y\n1,2\n");
  });

  it("FileDecompress's example (Z) reads Kestra's own 1.txt.Z fixture; FileCompress's (Z) is refused, as in Kestra", async () => {
    const ran = await runWithFiles(
      `id: file_decompress
namespace: company.team

inputs:
  - id: file
    description: File to be decompressed
    type: FILE

tasks:
  - id: decompress
    type: io.kestra.plugin.compress.FileDecompress
    from: "{{ inputs.file }}"
    compression: Z
`,
      { file: { name: "1.txt.Z", content: Buffer.from("1f9d903100", "hex") } },
    );
    succeeded(ran);
    expect((await outputBytes(ran, "decompress")).toString()).toBe("1");
    expect(String(runOf(ran, "decompress").outputs?.uri)).toMatch(/\/1\.txt$/);

    const refused = await runWithFiles(
      `id: file_compress
namespace: company.team

inputs:
  - id: file
    description: File to be compressed
    type: FILE

tasks:
  - id: compress
    type: io.kestra.plugin.compress.FileCompress
    from: "{{ inputs.file }}"
    compression: Z
`,
      { file: { name: "1.txt", content: Buffer.from("1") } },
    );
    expect(refused.execution.state).toBe(State.FAILED);
    expect(runOf(refused, "compress").error).toContain("compression Z cannot be written by Osprey");
    expect(runOf(refused, "compress").error).toContain("Z can only be decompressed");
  });

  it("plugin-compress's sanity check (ZIP, then a JAR from `{{ outputs.decompress.files }}`) runs as written", async () => {
    const ran = await runFlow(
      t.deps,
      `id: archive
namespace: sanitychecks.plugin-compress

tasks:
  - id: write_readme
    type: io.kestra.plugin.core.storage.Write
    content: "This is a sample file for the compress plugin sanity check."
    extension: .txt

  - id: compress
    type: io.kestra.plugin.compress.ArchiveCompress
    from:
      readme.txt: "{{ outputs.write_readme.uri }}"
    algorithm: ZIP

  - id: decompress
    type: io.kestra.plugin.compress.ArchiveDecompress
    from: "{{ outputs.compress.uri }}"
    algorithm: ZIP

  - id: assertFiles
    type: io.kestra.plugin.core.execution.Fail
    condition: "{{ outputs.decompress.files | length != 1 }}"

  - id: compressJar
    type: io.kestra.plugin.compress.ArchiveCompress
    from: "{{ outputs.decompress.files }}"
    algorithm: JAR

  - id: decompress2
    type: io.kestra.plugin.compress.ArchiveDecompress
    from: "{{ outputs.compressJar.uri }}"
    algorithm: JAR

  - id: assertContent
    type: io.kestra.plugin.core.execution.Fail
    condition: '{{ read(outputs.decompress2.files["readme.txt"]) != "This is a sample file for the compress plugin sanity check." }}'
`,
      t.executor,
    );
    succeeded(ran);
    expect(runOf(ran, "assertContent").state).toBe(State.SUCCESS);
    expect(Object.keys(filesOf(ran, "decompress2"))).toEqual(["readme.txt"]);
  });
});

describe("round trips", () => {
  const ARCHIVES: [string, string | null][] = [
    ["TAR", null],
    ["TAR", "GZIP"],
    ["TAR", "BZIP2"],
    ["TAR", "DEFLATE"],
    ["TAR", "XZ"],
    ["TAR", "LZMA"],
    ["TAR", "ZSTD"],
    ["TAR", "LZ4FRAME"],
    ["TAR", "BROTLI"],
    ["ZIP", null],
    ["ZIP", "GZIP"],
    ["JAR", null],
  ];

  it("ArchiveCompress → ArchiveDecompress keeps every file byte for byte (Kestra's ArchiveTest suite)", async () => {
    const long = `${"deep/".repeat(30)}name.txt`;
    const pairs = ARCHIVES.map(([algorithm, compression], i) => {
      const c = compression ? `\n    compression: ${compression}` : "";
      return `  - id: pack${i}
    type: ${P}.ArchiveCompress
    from:
      folder/subfolder/1.txt: "{{ outputs.one.uri }}"
      folder/2.txt: "{{ outputs.two.uri }}"
      3.txt: "{{ outputs.three.uri }}"
      ${long}: "{{ outputs.one.uri }}"
    algorithm: ${algorithm}${c}
  - id: unpack${i}
    type: ${P}.ArchiveDecompress
    from: "{{ outputs.pack${i}.uri }}"
    algorithm: ${algorithm}${c}
`;
    });
    const ran = await runFlow(
      t.deps,
      `id: round-trips\nnamespace: it.compress\ntasks:\n${write("one", "1".repeat(70_000))}${write("two", "2")}${write("three", "")}${pairs.join("")}`,
      t.executor,
    );
    succeeded(ran);
    for (let i = 0; i < ARCHIVES.length; i++) {
      const files = filesOf(ran, `unpack${i}`);
      expect(Object.keys(files).sort(), ARCHIVES[i].join("+")).toEqual(
        ["3.txt", "folder/2.txt", "folder/subfolder/1.txt", long].sort(),
      );
      expect((await bytesAt(ran, files["folder/subfolder/1.txt"])).toString()).toBe("1".repeat(70_000));
      expect((await bytesAt(ran, files[long])).toString()).toBe("1".repeat(70_000));
      expect((await bytesAt(ran, files["folder/2.txt"])).toString()).toBe("2");
      expect((await bytesAt(ran, files["3.txt"])).length).toBe(0);
    }
    expect(String(runOf(ran, "pack1").outputs?.uri)).toMatch(/\/pack1\.tar\.gz$/);
  });

  it("FileCompress → FileDecompress for every algorithm Osprey writes, with the system tools reading the same bytes", async () => {
    const content = `${"line of text, repeated\n".repeat(5000)}\u00ff end`;
    const algorithms = ["GZIP", "BZIP2", "DEFLATE", "XZ", "LZMA", "ZSTD", "LZ4FRAME", "BROTLI"];
    const tasks = algorithms.map(
      (a) => `  - id: c_${a}
    type: ${P}.FileCompress
    from: "{{ outputs.src.uri }}"
    compression: ${a}
  - id: d_${a}
    type: ${P}.FileDecompress
    from: "{{ outputs.c_${a}.uri }}"
    compression: ${a}
`,
    );
    const ran = await runFlow(
      t.deps,
      `id: file-round-trips\nnamespace: it.compress\ntasks:\n${write("src", content)}${tasks.join("")}`,
      t.executor,
    );
    succeeded(ran);
    for (const a of algorithms) expect((await outputBytes(ran, `d_${a}`)).toString(), a).toBe(content);
    const tools: Record<string, string[]> = {
      GZIP: ["gzip", "-dc"],
      BZIP2: ["bzip2", "-dc"],
      XZ: ["xz", "-dc"],
      LZMA: ["xz", "--format=lzma", "-dc"],
      ZSTD: ["zstd", "-dcq"],
      LZ4FRAME: ["lz4", "-dc"],
    };
    for (const [a, [tool, ...args]] of Object.entries(tools))
      expect(execFileSync(tool, args, { input: await outputBytes(ran, `c_${a}`) }).toString(), a).toBe(content);
    // commons-compress's DEFLATE is the zlib format.
    expect(
      python(
        "import sys,zlib; sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read()))",
        await outputBytes(ran, "c_DEFLATE"),
      ).toString(),
    ).toBe(content);
    expect(String(runOf(ran, "c_GZIP").outputs?.uri)).toMatch(/\.txt\.gz$/);
  });
});

describe("with the system's tools", () => {
  it("a tar.gz made by ArchiveCompress is extracted by tar", async () => {
    const ran = await runFlow(
      t.deps,
      `id: to-tar\nnamespace: it.compress\ntasks:\n${write("a", "alpha")}${write("b", "beta")}  - id: pack
    type: ${P}.ArchiveCompress
    from: '{"x/a.txt": "{{ outputs.a.uri }}", "b c.txt": "{{ outputs.b.uri }}"}'
    algorithm: TAR
    compression: GZIP
`,
      t.executor,
    );
    succeeded(ran);
    const dir = mkdtempSync(join(work, "tar-"));
    writeFileSync(join(dir, "out.tar.gz"), await outputBytes(ran, "pack"));
    execFileSync("tar", ["-xzf", "out.tar.gz"], { cwd: dir });
    expect(readFileSync(join(dir, "x/a.txt"), "utf8")).toBe("alpha");
    expect(readFileSync(join(dir, "b c.txt"), "utf8")).toBe("beta");
  });

  it("a tar.bz2 made by tar, with a folder, a link inside and names with spaces, is extracted (Kestra's spaces test)", async () => {
    const dir = mkdtempSync(join(work, "src-"));
    execFileSync("mkdir", ["-p", join(dir, "test txt folder/sub")]);
    writeFileSync(join(dir, "test txt folder/test txt file.txt"), "this is a test\n");
    execFileSync("ln", ["-s", "../test txt file.txt", join(dir, "test txt folder/sub/link.txt")]);
    const tarBz2 = execFileSync("tar", ["-cjf", "-", "-C", dir, "test txt folder"], { maxBuffer: 1 << 24 });
    const ran = await runWithFiles(
      `id: from-tar
namespace: it.compress
inputs:
  - {id: file, type: FILE}
tasks:
  - id: unpack
    type: ${P}.ArchiveDecompress
    from: "{{ inputs.file }}"
    algorithm: TAR
    compression: BZIP2
`,
      { file: { name: "a.tar.bz2", content: tarBz2 } },
    );
    succeeded(ran);
    const files = filesOf(ran, "unpack");
    expect(Object.keys(files).sort()).toEqual(["test txt folder/sub/link.txt", "test txt folder/test txt file.txt"]);
    expect(files["test txt folder/test txt file.txt"]).toMatch(/\/test_txt_folder\/test_txt_file\.txt$/);
    expect(files["test txt folder/sub/link.txt"]).toBe(files["test txt folder/test txt file.txt"]);
    expect((await bytesAt(ran, files["test txt folder/test txt file.txt"])).toString()).toBe("this is a test\n");
  });

  it("a ZIP64 zip streamed by Python (sizes after the data) and a gzip of two members are read", async () => {
    const zip = python(
      "import sys,zipfile; z=zipfile.ZipFile(sys.stdout.buffer,'w',zipfile.ZIP_DEFLATED,allowZip64=True)\nwith z.open('s/streamed.bin','w',force_zip64=True) as f: f.write(b'\\x00\\x01'*50000)\nz.writestr('plain.txt','plain')\nz.close()",
    );
    const twoMembers = Buffer.concat([
      execFileSync("gzip", ["-c"], { input: "first," }),
      execFileSync("gzip", ["-c"], { input: "second" }),
    ]);
    const ran = await runWithFiles(
      `id: from-python
namespace: it.compress
inputs:
  - {id: zip, type: FILE}
  - {id: gz, type: FILE}
tasks:
  - id: unzip
    type: ${P}.ArchiveDecompress
    from: "{{ inputs.zip }}"
    algorithm: ZIP
  - id: gunzip
    type: ${P}.FileDecompress
    from: "{{ inputs.gz }}"
    compression: GZIP
`,
      { zip: { name: "s.zip", content: zip }, gz: { name: "two.txt.gz", content: twoMembers } },
    );
    succeeded(ran);
    const files = filesOf(ran, "unzip");
    expect((await bytesAt(ran, files["s/streamed.bin"])).equals(Buffer.from("\x00\x01".repeat(50000), "latin1"))).toBe(
      true,
    );
    expect((await bytesAt(ran, files["plain.txt"])).toString()).toBe("plain");
    expect((await outputBytes(ran, "gunzip")).toString()).toBe("first,second");
    expect(String(runOf(ran, "gunzip").outputs?.uri)).toMatch(/\/two\.txt$/);
  });
});

describe("what Osprey does not do, said plainly", () => {
  it.each([
    [
      "ArchiveCompress",
      "algorithm: CPIO",
      "algorithm CPIO is not supported by Osprey (it reads and writes ZIP, JAR, TAR)",
    ],
    [
      "ArchiveDecompress",
      "algorithm: TAR\n    compression: SNAPPY",
      "compression SNAPPY cannot be decompressed by Osprey",
    ],
    ["FileCompress", "compression: DEFLATE64", "compression DEFLATE64 cannot be written by Osprey"],
    [
      "FileDecompress",
      `compression: "{{ 'ZIPPY' }}"`,
      'compression must be one of BROTLI, BZIP2, DEFLATE, DEFLATE64, GZIP, LZ4BLOCK, LZ4FRAME, LZMA, SNAPPY, SNAPPYFRAME, XZ, Z, ZSTD, got "ZIPPY"',
    ],
  ])("%s with %s", async (type, props, message) => {
    const from =
      type === "ArchiveCompress" ? 'from: {a.txt: "{{ outputs.src.uri }}"}' : 'from: "{{ outputs.src.uri }}"';
    const ran = await runFlow(
      t.deps,
      `id: refused-${type.toLowerCase()}-${props.length}\nnamespace: it.compress\ntasks:\n${write("src", "x")}  - id: task
    type: ${P}.${type}
    ${from}
    ${props}
`,
      t.executor,
    );
    expect(ran.execution.state).toBe(State.FAILED);
    expect(runOf(ran, "task").error).toContain(message);
  });
});
