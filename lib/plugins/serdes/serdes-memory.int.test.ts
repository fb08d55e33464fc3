import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { expect, it } from "vitest";
import { createExecution } from "../../executions/create-execution";
import { inputFileUri, storeInputFile } from "../../files/input-files";
import { openFileByUri } from "../../files/output-files";
import { saveFlow } from "../../flows/save-flow";
import { State } from "../../states/states";
import { waitForEnd } from "../../testing/run-flow";
import { useTestExecutor } from "../../testing/test-executor";

// CsvToIon streams: a CSV far larger than what the conversion may hold is stored as a FILE input,
// converted on the real engine, and the process's resident memory is sampled all along.
const t = useTestExecutor();

const CSV_BYTES = 200 * 1024 * 1024;
const MAX_GROWTH = 200 * 1024 * 1024;
const row = (i: number) => `${i},name ${i},"Paris, FR",${(i * 1.5).toFixed(2)},a longer note for row ${i}\n`;

/** The CSV in 64 KB chunks, never whole; counts its data rows. */
function* bigCsv(counter: { rows: number }): Generator<Buffer> {
  let bytes = 0;
  let parts = ["id,name,city,amount,note\n"];
  let length = parts[0].length;
  while (bytes < CSV_BYTES) {
    const line = row(counter.rows++);
    parts.push(line);
    length += line.length;
    if (length >= 64 * 1024) {
      bytes += length;
      yield Buffer.from(parts.join(""));
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield Buffer.from(parts.join(""));
}

// Storage-bound, not database-bound: run once, in the SQLite pass of npm test.
it.skipIf(process.env.OSPREY_TEST_POSTGRES_URL !== undefined)(
  `converts a ${CSV_BYTES / 1024 / 1024} MB CSV with CsvToIon while memory grows by less than ${MAX_GROWTH / 1024 / 1024} MB`,
  async () => {
    await saveFlow(
      t.deps.db,
      `id: big-csv
namespace: it.serdes
inputs:
  - {id: data, type: FILE}
tasks:
  - id: to_ion
    type: io.kestra.plugin.serdes.csv.CsvToIon
    from: "{{ inputs.data }}"
`,
      { create: true },
    );
    const id = randomUUID();
    const counter = { rows: 0 };
    const stored = Date.now();
    await storeInputFile(t.deps.storage, id, "data", { name: "big.csv", stream: Readable.from(bigCsv(counter)) });
    const generatedMs = Date.now() - stored;

    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const started = Date.now();
    try {
      const created = await createExecution(
        t.deps.db,
        "it.serdes",
        "big-csv",
        { data: inputFileUri(id, "data", "big.csv") },
        undefined,
        { id },
      );
      t.executor.wake();
      const execution = await waitForEnd(t.deps, created.id, 170_000);
      const convertedMs = Date.now() - started;
      const run = execution.taskRuns.find((r) => r.taskId === "to_ion")!;
      expect(execution.state, JSON.stringify(run)).toBe(State.SUCCESS);
      const outputs = run.outputs as { uri: string; size: number };
      expect(outputs.size).toBe(counter.rows);
      const file = await openFileByUri(t.deps, id, outputs.uri);
      const first: Buffer = await new Promise((resolve) => file.stream.once("data", resolve));
      file.stream.destroy();
      expect(first.toString().split("\n")[0]).toBe(
        '{id:"0",name:"name 0",city:"Paris, FR",amount:"0.00",note:"a longer note for row 0"}',
      );
      const growth = peak - baseline;
      console.log(
        `CsvToIon: ${counter.rows} rows, ${CSV_BYTES / 1024 / 1024} MB CSV → ${(file.size / 1024 / 1024).toFixed(0)} MB Ion in ${convertedMs} ms (stored in ${generatedMs} ms); RSS ${(baseline / 1024 / 1024).toFixed(0)} MB → peak ${(peak / 1024 / 1024).toFixed(0)} MB (+${(growth / 1024 / 1024).toFixed(0)} MB)`,
      );
      expect(growth).toBeLessThan(MAX_GROWTH);
    } finally {
      clearInterval(sampler);
    }
  },
  180_000,
);
