import { ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readFileByUri } from "../../files/output-files";
import { saveFlow } from "../../flows/save-flow";
import { State } from "../../states/states";
import { waitForEnd } from "../../testing/run-flow";
import { type S3TestServer, startS3TestServer } from "../../testing/s3-test-server";
import { useTestExecutor } from "../../testing/test-executor";
import { Scheduler } from "../../triggers/scheduler";

// Kestra's S3 Trigger polled by the scheduler's own tick (its clock moved, never waited on) against an
// S3-compatible server (s3rver on loopback): the executions it starts, what becomes of the objects,
// and the address rules its connections pass.
let server: S3TestServer;
let store: S3Client;
beforeAll(async () => {
  server = await startS3TestServer(["my-bucket", "new-bucket", "trigger-bucket"]);
  store = new S3Client({
    region: "us-east-1",
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  });
});
const b64 = (text: string) => Buffer.from(text).toString("base64");
// Loopback is not public: the admin allows 127.0.0.1 only (127.0.0.2 stays refused, see below).
const t = useTestExecutor(() => ({
  OSPREY_HTTP_ALLOWED_NETWORKS: "127.0.0.1",
  SECRET_AWS_ACCESS_KEY_ID: b64(server.accessKeyId),
  SECRET_AWS_SECRET_KEY_ID: b64(server.secretAccessKey),
}));
afterAll(async () => {
  store?.destroy();
  await server?.stop();
});
// Each test's triggers are switched off after it, so the next test's polls see only its own.
afterEach(async () => {
  await t.deps.db.trigger.updateMany({ data: { disabled: true } });
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
const rowOf = (namespace: string, flowId: string, triggerId = "watch") =>
  t.deps.db.trigger.findUniqueOrThrow({ where: { namespace_flowId_triggerId: { namespace, flowId, triggerId } } });
const executions = (namespace: string, flowId: string) =>
  t.deps.db.execution.findMany({ where: { namespace, flowId }, orderBy: { createdAt: "asc" } });
const later = (date: Date | null, ms: number) => new Date(date!.getTime() + ms);
type Run = { taskId: string; state: string; error: string | null; outputs: Record<string, unknown> | null };
async function ended(executionId: string) {
  t.executor.wake();
  const execution = await waitForEnd(t.deps, executionId);
  return { state: execution.state, runs: execution.taskRuns as Run[] };
}
const put = (bucket: string, key: string, body: string) =>
  store.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
const keys = async (bucket: string, prefix: string) =>
  ((await store.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key);
/** The trigger's connection lines, as the S3 tasks' tests write them. */
const conn = () =>
  `    endpointOverride: "${server.endpoint}"\n    accessKeyId: "{{ secret('AWS_ACCESS_KEY_ID') }}"\n    secretKeyId: "{{ secret('AWS_SECRET_KEY_ID') }}"\n`;
type S3Obj = { key: string; uri?: string; etag?: string; size?: number; lastModified?: string; changeType?: string };

describe("aws.s3.Trigger", () => {
  it("starts one execution with trigger.objects downloaded into its files, then DELETE removes them; the next poll finds nothing", async () => {
    await put("trigger-bucket", "in/a.csv", "id,name\n1,ada\n");
    await put("trigger-bucket", "in/deep/b.txt", "beta");
    await put("trigger-bucket", "other/c.txt", "not watched");
    const ns = "it.s3.trigger";
    await saveFlow(
      t.deps.db,
      `id: s3_delete
namespace: ${ns}
tasks:
  - id: keys
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.objects | length }} {{ trigger.objects | jq('.[].key') | join(',') }}"
  - id: content
    type: io.kestra.plugin.core.debug.Return
    format: "{{ read(trigger.objects[0].uri) }}"
triggers:
  - id: watch
    type: io.kestra.plugin.aws.s3.Trigger
${conn()}    bucket: trigger-bucket
    prefix: in/
    action: DELETE
    labels: {source: s3}
`,
      { create: true },
    );
    const planned = await rowOf(ns, "s3_delete");
    // Kestra's default interval: 60 seconds.
    expect(planned.nextDate!.getTime() - planned.updatedAt.getTime()).toBeGreaterThanOrEqual(59_000);
    expect(planned.nextDate!.getTime() - planned.updatedAt.getTime()).toBeLessThan(61_000);
    const clock = { now: later(planned.nextDate, 1000) };
    const s = scheduler(clock);
    logs.length = 0;
    expect(await s.pollTriggers(), logs.join("\n")).toEqual(["fired"]);

    const [run] = await executions(ns, "s3_delete");
    expect(run.triggerId).toBe("watch");
    expect(JSON.parse(run.labels!)).toContainEqual({ key: "source", value: "s3" });
    const { objects } = JSON.parse(run.trigger!) as { objects: S3Obj[] };
    expect(objects.map((o) => o.key)).toEqual(["in/a.csv", "in/deep/b.txt"]);
    expect(objects[0]).toMatchObject({ key: "in/a.csv", size: 14, changeType: "CREATE" });
    expect(objects[0].etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(objects[0].lastModified).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    for (const o of objects) expect(o.uri).toMatch(new RegExp(`^osprey:///executions/${run.id}/`));
    expect((await readFileByUri(t.deps, run.id, objects[1].uri!)).content.toString()).toBe("beta");

    const done = await ended(run.id);
    expect(done.state, JSON.stringify(done.runs.map((r) => [r.taskId, r.error]))).toBe(State.SUCCESS);
    expect(done.runs.find((r) => r.taskId === "keys")!.outputs).toEqual({ value: "2 in/a.csv,in/deep/b.txt" });
    expect(done.runs.find((r) => r.taskId === "content")!.outputs).toEqual({ value: "id,name\n1,ada\n" });

    // Deleted from the bucket (what is outside the prefix stays), so the next poll starts nothing.
    expect(await keys("trigger-bucket", "in/")).toEqual([]);
    expect(await keys("trigger-bucket", "other/")).toEqual(["other/c.txt"]);
    clock.now = later(clock.now, 60_000 + 1000);
    expect(await s.pollTriggers()).toEqual(["skipped"]);
    expect(await executions(ns, "s3_delete")).toHaveLength(1);
  });

  it("runs Kestra's documented example as written plus endpointOverride: MOVE to moveTo, ForEach over the uris", async () => {
    await put("my-bucket", "sub-dir/one.txt", "first");
    await put("my-bucket", "sub-dir/two.txt", "second");
    await saveFlow(
      t.deps.db,
      `id: s3_listen
namespace: company.team

tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: "{{ trigger.objects | jq('.[].uri') }}"
    tasks:
      - id: return
        type: io.kestra.plugin.core.debug.Return
        format: "{{ taskrun.value }}"

triggers:
  - id: watch
    type: io.kestra.plugin.aws.s3.Trigger
    endpointOverride: "${server.endpoint}"
    interval: "PT5M"
    accessKeyId: "{{ secret('AWS_ACCESS_KEY_ID') }}"
    secretKeyId: "{{ secret('AWS_SECRET_KEY_ID') }}"
    region: "eu-central-1"
    bucket: "my-bucket"
    prefix: "sub-dir"
    action: MOVE
    moveTo:
      key: archive
      bucket: "new-bucket"
`,
      { create: true },
    );
    const clock = { now: later((await rowOf("company.team", "s3_listen")).nextDate, 1000) };
    const s = scheduler(clock);
    logs.length = 0;
    expect(await s.pollTriggers(), logs.join("\n")).toEqual(["fired"]);
    const [run] = await executions("company.team", "s3_listen");
    const { objects } = JSON.parse(run.trigger!) as { objects: S3Obj[] };
    const done = await ended(run.id);
    expect(done.state, JSON.stringify(done.runs.map((r) => [r.taskId, r.error]))).toBe(State.SUCCESS);
    const returned = done.runs.filter((r) => r.taskId === "return").map((r) => String(r.outputs?.value));
    expect(returned.sort()).toEqual(objects.map((o) => o.uri!).sort());
    const contents = await Promise.all(returned.map(async (uri) => (await readFileByUri(t.deps, run.id, uri)).content));
    expect(contents.map(String).sort()).toEqual(["first", "second"]);

    // Moved into archive/ of new-bucket, under each key's last segment.
    expect(await keys("my-bucket", "sub-dir")).toEqual([]);
    expect(await keys("new-bucket", "archive/")).toEqual(["archive/one.txt", "archive/two.txt"]);
    clock.now = later(clock.now, 300_000 + 1000);
    expect(await s.pollTriggers()).toEqual(["skipped"]);
  });

  it("MOVE without a bucket in moveTo stays in the trigger's bucket; regexp, filter FILES and maxFiles choose what is found", async () => {
    await put("trigger-bucket", "raw/", "");
    await put("trigger-bucket", "raw/x.csv", "x");
    await put("trigger-bucket", "raw/y.csv", "y");
    await put("trigger-bucket", "raw/z.csv", "z");
    await put("trigger-bucket", "raw/notes.txt", "skip me");
    const ns = "it.s3.move";
    await saveFlow(
      t.deps.db,
      `id: s3_move
namespace: ${ns}
tasks:
  - {id: a, type: io.kestra.plugin.core.debug.Return, format: "{{ trigger.objects | jq('.[].key') | join(',') }}"}
triggers:
  - id: watch
    type: io.kestra.plugin.aws.s3.Trigger
${conn()}    bucket: trigger-bucket
    prefix: raw/
    regexp: ".*\\\\.csv"
    filter: FILES
    maxFiles: 2
    action: MOVE
    moveTo:
      key: archive/raw/
`,
      { create: true },
    );
    const clock = { now: later((await rowOf(ns, "s3_move")).nextDate, 1000) };
    const s = scheduler(clock);
    logs.length = 0;
    expect(await s.pollTriggers(), logs.join("\n")).toEqual(["fired"]);
    expect(logs.join("\n")).toContain(
      "Listing returned 3 files but maxFiles limit is 2. Only the first 2 files will be returned.",
    );
    const [first] = await executions(ns, "s3_move");
    expect((JSON.parse(first.trigger!) as { objects: S3Obj[] }).objects.map((o) => o.key)).toEqual([
      "raw/x.csv",
      "raw/y.csv",
    ]);
    expect((await ended(first.id)).runs[0].outputs).toEqual({ value: "raw/x.csv,raw/y.csv" });
    expect(await keys("trigger-bucket", "archive/raw/")).toEqual(["archive/raw/x.csv", "archive/raw/y.csv"]);
    expect(await keys("trigger-bucket", "raw/")).toEqual(["raw/", "raw/notes.txt", "raw/z.csv"]);

    // The one left over is found by the next poll.
    clock.now = later(clock.now, 60_000 + 1000);
    expect(await s.pollTriggers()).toEqual(["fired"]);
    const [, second] = await executions(ns, "s3_move");
    expect((JSON.parse(second.trigger!) as { objects: S3Obj[] }).objects.map((o) => o.key)).toEqual(["raw/z.csv"]);
  });

  it("NONE keeps the objects, so every poll finds them again (no state is kept); an empty prefix starts nothing", async () => {
    await put("trigger-bucket", "keep/k.txt", "kept");
    const ns = "it.s3.none";
    const flow = (id: string, prefix: string) => `id: ${id}
namespace: ${ns}
tasks:
  - {id: a, type: io.kestra.plugin.core.debug.Return, format: "{{ read(trigger.objects[0].uri) }}"}
triggers:
  - id: watch
    type: io.kestra.plugin.aws.s3.Trigger
${conn()}    bucket: trigger-bucket
    prefix: ${prefix}
    action: NONE
`;
    await saveFlow(t.deps.db, flow("s3_none", "keep/"), { create: true });
    await saveFlow(t.deps.db, flow("s3_empty", "nothing-here/"), { create: true });
    const due = [(await rowOf(ns, "s3_none")).nextDate!, (await rowOf(ns, "s3_empty")).nextDate!];
    const clock = { now: later(new Date(Math.max(...due.map((d) => d.getTime()))), 1000) };
    const s = scheduler(clock);
    logs.length = 0;
    expect((await s.pollTriggers()).sort(), logs.join("\n")).toEqual(["fired", "skipped"]);
    clock.now = later(clock.now, 60_000 + 1000);
    expect((await s.pollTriggers()).sort()).toEqual(["fired", "skipped"]);

    const runs = await executions(ns, "s3_none");
    expect(runs).toHaveLength(2);
    for (const run of runs) expect((await ended(run.id)).runs[0].outputs).toEqual({ value: "kept" });
    expect(await keys("trigger-bucket", "keep/")).toEqual(["keep/k.txt"]);
    expect(await executions(ns, "s3_empty")).toHaveLength(0);
  });

  it("fails the poll with a logged reason and starts nothing: an address the rules refuse, on: UPDATE, MOVE without moveTo", async () => {
    await put("trigger-bucket", "bad/f.txt", "f");
    const port = new URL(server.endpoint).port;
    const ns = "it.s3.bad";
    const flow = (id: string, lines: string) => `id: ${id}
namespace: ${ns}
tasks:
  - {id: a, type: io.kestra.plugin.core.log.Log, message: "{{ trigger.objects }}"}
triggers:
  - id: watch
    type: io.kestra.plugin.aws.s3.Trigger
    accessKeyId: "{{ secret('AWS_ACCESS_KEY_ID') }}"
    secretKeyId: "{{ secret('AWS_SECRET_KEY_ID') }}"
    bucket: trigger-bucket
    prefix: bad/
${lines}`;
    await saveFlow(t.deps.db, flow("refused", `    endpointOverride: "http://127.0.0.2:${port}"\n`), { create: true });
    await saveFlow(t.deps.db, flow("update", `    endpointOverride: "${server.endpoint}"\n    on: UPDATE\n`), {
      create: true,
    });
    await saveFlow(t.deps.db, flow("nowhere", `    endpointOverride: "${server.endpoint}"\n    action: MOVE\n`), {
      create: true,
    });
    const ids = ["refused", "update", "nowhere"];
    const due = await Promise.all(ids.map(async (id) => (await rowOf(ns, id)).nextDate!.getTime()));
    const clock = { now: later(new Date(Math.max(...due)), 1000) };
    logs.length = 0;
    expect(await scheduler(clock).pollTriggers()).toEqual(["failed", "failed", "failed"]);
    const logged = logs.join("\n");
    expect(logged).toMatch(
      /aws\.s3\.Trigger it\.s3\.bad\.refused\.watch at .*refused to connect to 127\.0\.0\.2: a loopback address, not public; an admin may allow it/,
    );
    expect(logged).toMatch(/it\.s3\.bad\.update\.watch at .*on: UPDATE: this S3 Trigger keeps no state/);
    expect(logged).toMatch(/it\.s3\.bad\.nowhere\.watch at .*action MOVE needs 'moveTo' with a key/);
    for (const id of ids) expect(await executions(ns, id)).toHaveLength(0);
    expect(await keys("trigger-bucket", "bad/")).toEqual(["bad/f.txt"]);
  });
});
