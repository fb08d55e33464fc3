import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { readFileByUri } from "../files/output-files";
import { State } from "../states/states";
import { runFlow } from "../testing/run-flow";
import { type S3TestServer, startS3TestServer } from "../testing/s3-test-server";
import { useTestExecutor } from "../testing/test-executor";
import { s3StorageFromConfig } from "./storage-from-config";

// A flow on the real engine with OSPREY_STORAGE_URL at an S3-compatible server: a container's output
// file, a core Write, and tasks reading both back go through the bucket, and nothing through a disk folder.
const BUCKET = "osprey-flows";
const PREFIX = `run-${randomUUID()}`;
let server: S3TestServer;
beforeAll(async () => {
  server = await startS3TestServer([BUCKET]);
});
const settings = () => ({
  OSPREY_STORAGE_URL: `s3://${BUCKET}/${PREFIX}`,
  OSPREY_S3_ENDPOINT: server.endpoint,
  OSPREY_S3_FORCE_PATH_STYLE: "true",
  OSPREY_S3_ACCESS_KEY_ID: server.accessKeyId,
  OSPREY_S3_SECRET_ACCESS_KEY: server.secretAccessKey,
});
const t = useTestExecutor(settings);
afterAll(async () => {
  await server?.stop();
});

describe("a flow whose files are in S3", () => {
  it("keeps a script's output file and a Write in the bucket, and later tasks read them from there", async () => {
    const { execution, logs } = await runFlow(
      t.deps,
      `id: s3-files
namespace: it.s3
tasks:
  - id: make
    type: io.kestra.plugin.scripts.python.Script
    outputFiles: ["report.txt"]
    script: |
      open("report.txt", "w").write("from python\\n" * 1000)
  - id: note
    type: io.kestra.plugin.core.storage.Write
    content: "written by Write"
    extension: .txt
  - id: both
    type: io.kestra.plugin.core.storage.Concat
    files:
      - "{{ outputs.make.outputFiles['report.txt'] }}"
      - "{{ outputs.note.uri }}"
  - id: size
    type: io.kestra.plugin.core.storage.Size
    uri: "{{ outputs.both.uri }}"
  - id: shell
    type: io.kestra.plugin.scripts.shell.Commands
    inputFiles:
      in.txt: "{{ outputs.note.uri }}"
    commands:
      - cat in.txt
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "read: {{ read(outputs.note.uri) }}"
`,
      t.executor,
    );
    expect(execution.state, JSON.stringify(logs.slice(-5))).toBe(State.SUCCESS);
    const outputsOf = (id: string) =>
      execution.taskRuns.find((r) => r.taskId === id)!.outputs as Record<string, unknown>;
    expect(outputsOf("size").size).toBe(12_000 + 16);
    const both = await readFileByUri(t.deps, execution.id, String(outputsOf("both").uri));
    expect(both.content.toString()).toBe(`${"from python\n".repeat(1000)}written by Write`);
    const messages = logs.map((l) => l.message);
    expect(messages).toEqual(expect.arrayContaining(["written by Write", "read: written by Write"]));

    // The bucket itself, seen apart from the executor: the execution's files are its objects.
    const bucket = s3StorageFromConfig(loadConfig(settings()), `s3://${BUCKET}/${PREFIX}`);
    const keys = await bucket.listAll(`executions/${execution.id}`);
    expect(
      keys.some((k) => /^tasks\/make\/[^/]+\/report\.txt$/.test(k)),
      keys.join(", "),
    ).toBe(true);
    expect(keys.filter((k) => k.startsWith("tasks/note/"))).toHaveLength(1);
    expect(keys.filter((k) => k.startsWith("tasks/both/"))).toHaveLength(1);
  });
});
