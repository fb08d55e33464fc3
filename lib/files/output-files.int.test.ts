import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutorDeps } from "../deps/executor-deps";
import type { LocalDiskStorage } from "../storage/local-disk-storage";
import { createTestDeps } from "../testing/test-deps";
import { leftoverContainers, runFlow } from "../testing/run-flow";
import { listOutputFiles, openFileByUri, readFileByUri } from "./output-files";

const MB = 1024 * 1024;
const opened: ExecutorDeps[] = [];
let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await open();
});
afterAll(async () => {
  for (const d of opened) {
    expect(await leftoverContainers(d)).toEqual([]);
    await d.db.$disconnect();
  }
});

async function open(overrides: Record<string, string> = {}): Promise<ExecutorDeps> {
  const d = await createTestDeps(overrides);
  opened.push(d);
  return d;
}

/** Files left in a deps' storage folder, as keys (temporary files included). */
function storedKeys(d: ExecutorDeps): string[] {
  const root = (d.storage as LocalDiskStorage).root;
  if (!existsSync(root)) return [];
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1));
}

/** Runs `fn` while sampling this process's RSS every 50 ms; returns its result and the largest growth seen. */
async function withRssSampling<T>(fn: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

describe("output files are streamed to storage under caps", () => {
  it("fails a task writing a 16 GB file at once, with the cap in the message, keeping the server's memory flat", async () => {
    const started = Date.now();
    const { result, growth } = await withRssSampling(() =>
      runFlow(
        deps,
        `id: huge
namespace: it.files
tasks:
  - id: big
    type: io.kestra.plugin.scripts.shell.Commands
    commands:
      - echo small > "$OUTPUT_DIR/small.txt"
      - truncate -s 16G "$OUTPUT_DIR/big"
`,
      ),
    );
    const elapsed = Date.now() - started;
    const { execution, logs } = result;
    const run = execution.taskRuns[0];
    expect(execution.state, JSON.stringify(logs.slice(-5))).toBe("FAILED");
    expect(run.error).toContain('output file "big"');
    expect(run.error).toContain("1 GB");
    expect(run.error).toContain("OSPREY_MAX_OUTPUT_FILE_BYTES");
    // Reading 16 GB of zeros through the engine would take minutes; refusing it takes a container's life.
    expect(elapsed).toBeLessThan(30_000);
    expect(growth).toBeLessThan(100 * MB);
    // Nothing of that task run is kept: not small.txt either.
    expect(await listOutputFiles(deps.db, execution.id)).toEqual([]);
    expect(storedKeys(deps).filter((k) => k.includes(execution.id))).toEqual([]);
  });

  it("stores several files in storage (metadata in the database) and hands one to a downstream task", async () => {
    const { execution, logs } = await runFlow(
      deps,
      `id: several
namespace: it.files
tasks:
  - id: make
    type: io.kestra.plugin.scripts.shell.Commands
    outputFiles: ["*.csv"]
    commands:
      - printf 'a,b\\n1,2\\n' > data.csv
      - mkdir -p "$OUTPUT_DIR/deep"
      - head -c 3145728 /dev/urandom > "$OUTPUT_DIR/deep/random.bin"
      - echo note > "$OUTPUT_DIR/note.txt"
  - id: read
    type: io.kestra.plugin.scripts.shell.Commands
    inputFiles:
      in.csv: "{{ outputs.make.outputFiles['data.csv'] }}"
      r.bin: "{{ outputs.make.outputFiles['deep/random.bin'] }}"
    commands:
      - cat in.csv
      - wc -c < r.bin
`,
    );
    expect(execution.state, JSON.stringify(logs.slice(-5))).toBe("SUCCESS");
    expect(logs.map((l) => l.message)).toEqual(expect.arrayContaining(["a,b", "1,2", "3145728"]));
    const files = await listOutputFiles(deps.db, execution.id);
    expect(files.map((f) => [f.name, f.size]).sort()).toEqual([
      ["data.csv", 8],
      ["deep/random.bin", 3 * MB],
      ["note.txt", 5],
    ]);
    const rows = await deps.db.outputFile.findMany({ where: { executionId: execution.id } });
    for (const row of rows) {
      expect(row.content).toBeNull();
      expect(row.storageKey).toBe(`executions/${execution.id}/tasks/make/${row.taskRunId}/${row.name}`);
    }
    expect(
      storedKeys(deps)
        .filter((k) => k.includes(execution.id))
        .sort(),
    ).toEqual(rows.map((r) => r.storageKey).sort());
    const uri = files.find((f) => f.name === "deep/random.bin")!.uri;
    const streamed = await openFileByUri(deps, execution.id, uri);
    expect(streamed.size).toBe(3 * MB);
    let total = 0;
    for await (const chunk of streamed.stream) total += (chunk as Buffer).length;
    expect(total).toBe(3 * MB);
    expect(
      (await readFileByUri(deps, execution.id, files.find((f) => f.name === "data.csv")!.uri)).content.toString(),
    ).toBe("a,b\n1,2\n");
  });

  it("fails a task whose files together pass the per-task cap, and removes the ones it stored", async () => {
    const capped = await open({ OSPREY_MAX_OUTPUT_FILE_BYTES: "4Mb", OSPREY_MAX_OUTPUT_BYTES_PER_TASK: "5Mb" });
    const { execution, logs } = await runFlow(
      capped,
      `id: per_task
namespace: it.files
tasks:
  - id: many
    type: io.kestra.plugin.scripts.shell.Commands
    commands:
      - for i in 1 2 3; do head -c 2097152 /dev/zero > "$OUTPUT_DIR/part$i"; done
`,
    );
    expect(execution.state, JSON.stringify(logs.slice(-5))).toBe("FAILED");
    expect(execution.taskRuns[0].error).toMatch(
      /output files of this task pass 5 MB at "part\d".*OSPREY_MAX_OUTPUT_BYTES_PER_TASK/,
    );
    expect(await listOutputFiles(capped.db, execution.id)).toEqual([]);
    expect(storedKeys(capped)).toEqual([]);
  });

  it("applies the same caps to the PROCESS runner", async () => {
    const local = await open({ OSPREY_ALLOW_PROCESS_RUNNER: "true", OSPREY_MAX_OUTPUT_FILE_BYTES: "1Mb" });
    const { execution, logs } = await runFlow(
      local,
      `id: process_caps
namespace: it.files
tasks:
  - id: fits
    type: io.kestra.plugin.scripts.shell.Commands
    runner: PROCESS
    commands:
      - head -c 1000 /dev/zero > "$OUTPUT_DIR/fits.bin"
  - id: too_big
    type: io.kestra.plugin.scripts.shell.Commands
    runner: PROCESS
    commands:
      - head -c 2097152 /dev/zero > "$OUTPUT_DIR/too-big.bin"
`,
    );
    expect(execution.state, JSON.stringify(logs.slice(-5))).toBe("FAILED");
    expect(execution.taskRuns.map((t) => t.state)).toEqual(["SUCCESS", "FAILED"]);
    expect(execution.taskRuns[1].error).toMatch(
      /output file "too-big.bin" is larger than 1 MB.*OSPREY_MAX_OUTPUT_FILE_BYTES/,
    );
    const files = await listOutputFiles(local.db, execution.id);
    expect(files.map((f) => [f.taskId, f.name, f.size])).toEqual([["fits", "fits.bin", 1000]]);
    expect(storedKeys(local)).toEqual([`executions/${execution.id}/tasks/fits/${execution.taskRuns[0].id}/fits.bin`]);
  });

  it("still reads a file stored in the database before storage existed", async () => {
    await deps.db.execution.create({
      data: { id: "legacy-exec", namespace: "t", flowId: "f", flowRevision: 1, source: "", state: "SUCCESS" },
    });
    await deps.db.outputFile.create({
      data: {
        id: "legacy-file",
        executionId: "legacy-exec",
        taskRunId: "tr",
        taskId: "t",
        name: "old.txt",
        size: 3n,
        content: new Uint8Array(Buffer.from("old")),
      },
    });
    const [file] = await listOutputFiles(deps.db, "legacy-exec");
    expect(file).toMatchObject({ name: "old.txt", size: 3 });
    expect((await readFileByUri(deps, "legacy-exec", file.uri)).content.toString()).toBe("old");
  });
});
