import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createExecution } from "../../executions/create-execution";
import { inputFileUri, storeInputFile } from "../../files/input-files";
import { saveFlow } from "../../flows/save-flow";
import { State } from "../../states/states";
import { waitForEnd } from "../../testing/run-flow";
import { useTestExecutor } from "../../testing/test-executor";

// What the compress tasks refuse, each shown with a real archive crafted here by Python's zipfile and
// tarfile or the system's gzip and bzip2: paths out of the archive (zip slip), links leading out,
// too many entries, and decompression bombs stopped while streaming. A ZIP's names are all checked
// before its first file is stored; files stored before a refusal stay with the failed task run.
const t = useTestExecutor();
const P = "io.kestra.plugin.compress";

const python = (script: string) => execFileSync("python3", ["-c", script], { maxBuffer: 256 * 1024 * 1024 });
const zipOf = (body: string) =>
  python(
    `import sys,io,zipfile\nb=io.BytesIO()\nz=zipfile.ZipFile(b,'w',zipfile.ZIP_DEFLATED)\n${body}\nz.close()\nsys.stdout.buffer.write(b.getvalue())`,
  );
const tarOf = (body: string) =>
  python(
    `import sys,io,tarfile\nb=io.BytesIO()\nt=tarfile.open(fileobj=b,mode='w',format=tarfile.PAX_FORMAT)\ndef add(name,data=b'',**kw):\n  i=tarfile.TarInfo(name); i.size=len(data)\n  for k,v in kw.items(): setattr(i,k,v)\n  t.addfile(i,io.BytesIO(data))\n${body}\nt.close()\nsys.stdout.buffer.write(b.getvalue())`,
  );
const zeros = (mib: number) => Buffer.alloc(mib * 1024 * 1024);

let flows = 0;
/** Runs one task of `type` over `content` given as a FILE input; returns the execution and its task run. */
async function runOn(type: string, props: string, content: Buffer) {
  const flow = await saveFlow(
    t.deps.db,
    `id: safety-${++flows}\nnamespace: it.compress\ninputs:\n  - {id: file, type: FILE}\ntasks:\n  - id: task\n    type: ${P}.${type}\n    from: "{{ inputs.file }}"\n${props
      .split("\n")
      .map((line) => `    ${line}\n`)
      .join("")}`,
    { create: true },
  );
  const id = randomUUID();
  await storeInputFile(t.deps.storage, id, "file", { name: "crafted.bin", stream: Readable.from([content]) });
  await createExecution(
    t.deps.db,
    flow.namespace,
    flow.id,
    { file: inputFileUri(id, "file", "crafted.bin") },
    undefined,
    {
      id,
    },
  );
  t.executor.wake();
  const execution = await waitForEnd(t.deps, id);
  const run = execution.taskRuns.find((r) => r.taskId === "task")!;
  const kept = await t.deps.db.outputFile.count({ where: { executionId: id, taskId: "task" } });
  return { state: execution.state, error: run.error, outputs: run.outputs as Record<string, unknown> | null, kept };
}

/** The task failed with `message`; what it stored before it stopped is gone with it. */
async function refused(ran: ReturnType<typeof runOn>, message: string) {
  const outcome = await ran;
  expect(outcome.state, String(outcome.error)).toBe(State.FAILED);
  expect(outcome.error).toContain(message);
  expect(outcome.kept).toBe(0);
}

describe("zip slip", () => {
  it("a ZIP entry `../evil.txt` is refused, even after a good entry", () =>
    refused(
      runOn("ArchiveDecompress", "algorithm: ZIP", zipOf("z.writestr('good.txt','ok')\nz.writestr('../evil.txt','x')")),
      'archive entry "../evil.txt" refused: a `..` segment leads outside the archive',
    ));

  it("a ZIP entry with a Windows path `..\\\\evil.txt` is refused", () =>
    refused(
      runOn("ArchiveDecompress", "algorithm: JAR", zipOf("z.writestr('a\\\\..\\\\..\\\\evil.txt','x')")),
      "a `..` segment leads outside the archive",
    ));

  it("a TAR entry with an absolute path is refused", () =>
    refused(
      runOn("ArchiveDecompress", "algorithm: TAR", tarOf("add('/etc/osprey-evil', b'x')")),
      'archive entry "/etc/osprey-evil" refused: absolute path',
    ));

  it("a TAR symlink leading out of the archive is refused", () =>
    refused(
      runOn(
        "ArchiveDecompress",
        "algorithm: TAR",
        tarOf("add('a/passwd', type=tarfile.SYMTYPE, linkname='../../etc/passwd')"),
      ),
      'archive entry "a/passwd" refused: a symlink to "../../etc/passwd" leads outside the archive',
    ));

  it("a TAR hard link to an absolute path is refused", () =>
    refused(
      runOn(
        "ArchiveDecompress",
        "algorithm: TAR",
        tarOf("add('shadow', type=tarfile.LNKTYPE, linkname='/etc/shadow')"),
      ),
      'archive entry "shadow" refused: a hard link to "/etc/shadow" (absolute) leads outside the archive',
    ));

  it("a ZIP symlink (Unix mode 120777) to an absolute path is refused", () =>
    refused(
      runOn(
        "ArchiveDecompress",
        "algorithm: ZIP",
        zipOf(
          "i=zipfile.ZipInfo('link'); i.create_system=3; i.external_attr=0o120777<<16\nz.writestr(i,'/etc/passwd')",
        ),
      ),
      'archive entry "link" refused: a symlink to "/etc/passwd" (absolute) leads outside the archive',
    ));
});

describe("entry count", () => {
  it("a TAR of 25 files is refused past maxEntries: 20, while reading", () =>
    refused(
      runOn("ArchiveDecompress", "algorithm: TAR\nmaxEntries: 20", tarOf("for n in range(25): add(f'f{n}.txt', b'x')")),
      "the archive holds more than 20 entries (maxEntries)",
    ));

  it("a ZIP of 10,001 empty files is refused by the default cap, from its central directory", () =>
    refused(
      runOn("ArchiveDecompress", "algorithm: ZIP", zipOf("for n in range(10001): z.writestr(f'f{n}', '')")),
      "the archive holds 10001 entries, more than 10000 (maxEntries)",
    ));

  it("maxEntries may not be raised past 10,000", () =>
    refused(
      runOn("ArchiveDecompress", "algorithm: ZIP\nmaxEntries: 20000", zipOf("")),
      "maxEntries may be at most 10000",
    ));
});

describe("decompression bombs", () => {
  const stopped = (bytes: string) =>
    `expands past 1 MB (${bytes} bytes, maxSize): stopped, as a decompression bomb would be`;

  it("a gzip of 64 MiB of zeros (~64 KB) is stopped at maxSize: 1048576", async () => {
    const bomb = execFileSync("gzip", ["-c"], { input: zeros(64) });
    expect(bomb.length).toBeLessThan(100_000);
    await refused(runOn("FileDecompress", "compression: GZIP\nmaxSize: 1048576", bomb), stopped("1048576"));
  });

  it("a bzip2 of 256 MiB of zeros (a few hundred bytes) is stopped through the bzip2 program", async () => {
    const bomb = execFileSync("bzip2", ["-c"], { input: zeros(256), maxBuffer: 1 << 20 });
    expect(bomb.length).toBeLessThan(1000);
    await refused(runOn("FileDecompress", "compression: BZIP2\nmaxSize: 1048576", bomb), stopped("1048576"));
  });

  it("a tar.gz holding a 64 MiB file is stopped while the stream is decompressed", async () => {
    const bomb = execFileSync("gzip", ["-c"], { input: tarOf(`add('big.bin', bytes(64*1024*1024))`) });
    await refused(
      runOn("ArchiveDecompress", "algorithm: TAR\ncompression: GZIP\nmaxSize: 1048576", bomb),
      `the GZIP stream of crafted.bin ${stopped("1048576")}`,
    );
  });

  it("a ZIP whose files inflate past maxSize is stopped while extracting", () =>
    refused(
      runOn(
        "ArchiveDecompress",
        "algorithm: ZIP\nmaxSize: 1048576",
        zipOf("z.writestr('a.bin', bytes(600*1024))\nz.writestr('b.bin', bytes(600*1024))"),
      ),
      `the extracted files ${stopped("1048576")}`,
    ));

  it("the same ZIP passes under the default cap", async () => {
    const { state, outputs } = await runOn(
      "ArchiveDecompress",
      "algorithm: ZIP",
      zipOf("z.writestr('a.bin', bytes(600*1024))\nz.writestr('b.bin', bytes(600*1024))"),
    );
    expect(state).toBe(State.SUCCESS);
    expect(Object.keys(outputs?.files as object).sort()).toEqual(["a.bin", "b.bin"]);
  });
});

describe("damaged input", () => {
  it("a truncated bzip2 stream fails with the program's message", () =>
    refused(
      runOn(
        "FileDecompress",
        "compression: BZIP2",
        execFileSync("bzip2", ["-c"], { input: "hello".repeat(1000) }).subarray(0, 30),
      ),
      "BZIP2: bzip2 failed (exit code 2)",
    ));

  it("a file that is not a ZIP says so", () =>
    refused(runOn("ArchiveDecompress", "algorithm: ZIP", Buffer.from("plain text")), "not a ZIP archive"));
});
