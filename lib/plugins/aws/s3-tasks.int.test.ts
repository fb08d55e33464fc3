import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileByUri } from "../../files/output-files";
import { State } from "../../states/states";
import { runFlow } from "../../testing/run-flow";
import { type S3TestServer, startS3TestServer } from "../../testing/s3-test-server";
import { useTestExecutor } from "../../testing/test-executor";

// Kestra's S3 tasks in real flows against an S3-compatible server (s3rver on loopback): Kestra's own
// documented examples run as written with endpointOverride added, then each task's options and errors.
let server: S3TestServer;
beforeAll(async () => {
  server = await startS3TestServer(["my-bucket2", "it-bucket"]);
});
const b64 = (text: string) => Buffer.from(text).toString("base64");
// Loopback is not public: the admin allows 127.0.0.1 only (127.0.0.2 stays refused, see below).
const t = useTestExecutor(() => ({
  OSPREY_HTTP_ALLOWED_NETWORKS: "127.0.0.1",
  SECRET_AWS_ACCESS_KEY_ID: b64(server.accessKeyId),
  SECRET_AWS_SECRET_KEY_ID: b64(server.secretAccessKey),
}));
afterAll(async () => {
  await server?.stop();
});

type Ran = Awaited<ReturnType<typeof runFlow>>;
type Run = { taskId: string; state: string; error: string | null; outputs: Record<string, unknown> | null };
const runOf = ({ execution }: Ran, taskId: string) => (execution.taskRuns as Run[]).find((r) => r.taskId === taskId)!;
// biome-ignore lint/suspicious/noExplicitAny: outputs are JSON of many shapes, each checked by expect
const outputs = (ran: Ran, taskId: string) => runOf(ran, taskId).outputs as Record<string, any>;
const succeeded = (ran: Ran) =>
  expect(ran.execution.state, JSON.stringify(ran.execution.taskRuns.map((r) => [r.taskId, r.error]))).toBe(
    State.SUCCESS,
  );
const textAt = async (ran: Ran, uri: string) => (await readFileByUri(t.deps, ran.execution.id, uri)).content.toString();
/** A flow as Kestra documents it, each S3 task given `endpointOverride` (the only change). */
const withEndpoint = (yaml: string) =>
  yaml.replace(
    /^(\s*)(type: io\.kestra\.plugin\.aws\.s3\.\w+)$/gm,
    (_m, indent: string, type: string) => `${indent}${type}\n${indent}endpointOverride: "${server.endpoint}"`,
  );
const run = (yaml: string) => runFlow(t.deps, yaml, t.executor);
/** Connection lines for our own flows. */
const conn = () =>
  `    endpointOverride: "${server.endpoint}"\n    accessKeyId: "{{ secret('AWS_ACCESS_KEY_ID') }}"\n    secretKeyId: "{{ secret('AWS_SECRET_KEY_ID') }}"\n`;
const write = (id: string, content: string, extension = ".txt") =>
  `  - id: ${id}\n    type: io.kestra.plugin.core.storage.Write\n    content: ${JSON.stringify(content)}\n    extension: ${extension}\n`;
const s3 = (id: string, type: string, props: string) =>
  `  - id: ${id}\n    type: io.kestra.plugin.aws.s3.${type}\n${conn()}${props
    .trim()
    .split("\n")
    .map((l) => `    ${l}\n`)
    .join("")}`;

describe("Kestra's documented examples, as written plus endpointOverride", () => {
  it("CreateBucket, then Upload, List, Download, Copy, Delete and DeleteList on it", async () => {
    const created = await run(
      withEndpoint(`id: aws_s3_create_bucket
namespace: company.team

inputs:
  - id: bucket
    type: STRING
    defaults: my-bucket

  - id: region
    type: STRING
    defaults: eu-central-1

tasks:
  - id: create_bucket
    type: io.kestra.plugin.aws.s3.CreateBucket
    accessKeyId: "{{ secret('AWS_ACCESS_KEY_ID') }}"
    secretKeyId: "{{ secret('AWS_SECRET_KEY_ID') }}"
    region: "{{ inputs.region }}"
    bucket: "{{ inputs.bucket }}"
`),
    );
    succeeded(created);
    expect(outputs(created, "create_bucket")).toMatchObject({ bucket: "my-bucket", region: "/my-bucket" });

    // Content for the examples: a file at path/to/file and two under sub-dir/.
    const seeded = await run(
      `id: seed\nnamespace: company.team\ntasks:\n${write("a", "alpha")}${write("b", "beta")}${s3(
        "one",
        "Upload",
        `bucket: my-bucket\nkey: path/to/file\nfrom: "{{ outputs.a.uri }}"\ncontentType: text/plain\nmetadata: {origin: osprey}`,
      )}${s3("many", "Upload", `bucket: my-bucket\nkey: sub-dir\nfrom:\n  first.txt: "{{ outputs.a.uri }}"\n  second.txt: "{{ outputs.b.uri }}"`)}`,
    );
    succeeded(seeded);
    const one = outputs(seeded, "one");
    expect(one).toMatchObject({
      bucket: "my-bucket",
      key: "path/to/file",
      eTag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
    });
    expect(one.etag).toBe(one.eTag);
    expect(outputs(seeded, "many")).toMatchObject({
      bucket: "my-bucket",
      key: "sub-dir",
      files: { "first.txt": { contentLength: 5 }, "second.txt": { contentLength: 4 } },
    });

    const listed = await run(
      withEndpoint(`id: aws_s3_list
namespace: company.team

tasks:
  - id: list
    type: io.kestra.plugin.aws.s3.List
    accessKeyId: "{{ secret('AWS_ACCESS_KEY_ID') }}"
    secretKeyId: "{{ secret('AWS_SECRET_KEY_ID') }}"
    region: "eu-central-1"
    bucket: "my-bucket"
    prefix: "sub-dir"
`),
    );
    succeeded(listed);
    const objects = outputs(listed, "list").objects as Record<string, unknown>[];
    expect(objects.map((o) => [o.key, o.size])).toEqual([
      ["sub-dir/first.txt", 5],
      ["sub-dir/second.txt", 4],
    ]);
    expect(objects[0]).toMatchObject({ etag: expect.stringMatching(/^"/), lastModified: expect.stringMatching(/Z$/) });

    const downloaded = await run(
      withEndpoint(`id: aws_s3_download
namespace: company.team

tasks:
  - id: download
    type: io.kestra.plugin.aws.s3.Download
    accessKeyId: "{{ secret('AWS_ACCESS_KEY_ID') }}"
    secretKeyId: "{{ secret('AWS_SECRET_KEY_ID') }}"
    region: "eu-central-1"
    bucket: "my-bucket"
    key: "path/to/file"
`),
    );
    succeeded(downloaded);
    const got = outputs(downloaded, "download");
    expect(got).toMatchObject({ contentLength: 5, contentType: "text/plain", metadata: { origin: "osprey" } });
    expect(await textAt(downloaded, got.uri)).toBe("alpha");

    const copied = await run(
      withEndpoint(`id: aws_s3_copy
namespace: company.team

tasks:
  - id: copy
    type: io.kestra.plugin.aws.s3.Copy
    accessKeyId: "{{ secret('AWS_ACCESS_KEY_ID') }}"
    secretKeyId: "{{ secret('AWS_SECRET_KEY_ID') }}"
    region: "eu-central-1"
    from:
      bucket: "my-bucket"
      key: "path/to/file"
    to:
      bucket: "my-bucket2"
      key: "path/to/file2"
`),
    );
    succeeded(copied);
    expect(outputs(copied, "copy")).toMatchObject({ bucket: "my-bucket2", key: "path/to/file2", eTag: one.eTag });

    const deleted = await run(
      withEndpoint(`id: aws_s3_delete
namespace: company.team

tasks:
  - id: delete
    type: io.kestra.plugin.aws.s3.Delete
    accessKeyId: "{{ secret('AWS_ACCESS_KEY_ID') }}"
    secretKeyId: "{{ secret('AWS_SECRET_KEY_ID') }}"
    region: "eu-central-1"
    bucket: "my-bucket"
    key: "path/to/file"
`),
    );
    succeeded(deleted);

    const deletedList = await run(
      withEndpoint(`id: aws_s3_delete_list
namespace: company.team

tasks:
  - id: delete_list
    type: io.kestra.plugin.aws.s3.DeleteList
    accessKeyId: "{{ secret('AWS_ACCESS_KEY_ID') }}"
    secretKeyId: "{{ secret('AWS_SECRET_KEY_ID') }}"
    region: "eu-central-1"
    bucket: "my-bucket"
    prefix: "sub-dir"
`),
    );
    succeeded(deletedList);
    expect(outputs(deletedList, "delete_list")).toEqual({ count: 2, size: 9 });

    // What is left: nothing in my-bucket, the copy in my-bucket2.
    const after = await run(
      `id: after\nnamespace: company.team\ntasks:\n${s3("left", "List", "bucket: my-bucket")}${s3("copy", "List", "bucket: my-bucket2")}`,
    );
    succeeded(after);
    expect(outputs(after, "left").objects).toEqual([]);
    expect((outputs(after, "copy").objects as { key: string }[]).map((o) => o.key)).toEqual(["path/to/file2"]);
  });
});

describe("S3 tasks' options", () => {
  it("Upload a list and JSON, Download by regexp, List with filter and maxFiles, Downloads with MOVE and DELETE", async () => {
    const ran = await run(
      `id: s3-options\nnamespace: it.s3\ntasks:\n${write("a", "one")}${write("b", "two")}${write("c", "three", ".csv")}${s3(
        "as_list",
        "Upload",
        `bucket: it-bucket\nkey: in/list\nfrom:\n  - "{{ outputs.a.uri }}"\n  - "{{ outputs.c.uri }}"`,
      )}${s3(
        "as_json",
        "Upload",
        `bucket: it-bucket\nkey: in/json/\nfrom: '{"x.csv": "{{ outputs.c.uri }}", "y.txt": "{{ outputs.b.uri }}"}'`,
      )}${s3("by_regexp", "Download", `bucket: it-bucket\nprefix: in/\nregexp: ".*\\\\.csv"`)}${s3(
        "files_only",
        "List",
        "bucket: it-bucket\nprefix: in/\nmaxFiles: 2\nfilter: FILES",
      )}${s3(
        "move",
        "Downloads",
        "bucket: it-bucket\nprefix: in/list/\naction: MOVE\nmoveTo:\n  bucket: it-bucket\n  key: archive/",
      )}${s3("drop", "Downloads", "bucket: it-bucket\nprefix: in/json\naction: DELETE")}${s3("rest", "List", "bucket: it-bucket")}`,
    );
    succeeded(ran);
    // A list names each file by its URI's last segment (Write names its file content.<extension>).
    expect(outputs(ran, "as_list")).toMatchObject({
      key: "in/list",
      files: { "content.txt": { contentLength: 3 }, "content.csv": { contentLength: 5 } },
    });
    expect(Object.keys(outputs(ran, "as_json").files).sort()).toEqual(["x.csv", "y.txt"]);
    const csv = outputs(ran, "by_regexp").files;
    expect(Object.keys(csv).sort()).toEqual(["in/json/x.csv", "in/list/content.csv"]);
    expect(await textAt(ran, csv["in/json/x.csv"].uri)).toBe("three");
    expect((outputs(ran, "files_only").objects as unknown[]).length).toBe(2);
    expect(ran.logs.map((l) => l.message)).toContain(
      "Listing returned 4 files but maxFiles limit is 2. Only the first 2 files will be returned. Increase the maxFiles property if you need more files.",
    );
    const moved = outputs(ran, "move");
    expect(Object.keys(moved.outputFiles).sort()).toEqual(["in/list/content.csv", "in/list/content.txt"]);
    expect(moved.objects[0]).toMatchObject({
      key: "in/list/content.csv",
      size: 5,
      uri: moved.outputFiles["in/list/content.csv"],
    });
    expect(await textAt(ran, moved.outputFiles["in/list/content.txt"])).toBe("one");
    expect(Object.keys(outputs(ran, "drop").outputFiles).sort()).toEqual(["in/json/x.csv", "in/json/y.txt"]);
    const rest = (outputs(ran, "rest").objects as { key: string }[]).map((o) => o.key);
    expect(rest).toEqual(["archive/content.csv", "archive/content.txt"]);
  });

  it("fails clearly: an address the rules refuse, link-local, no credentials, forcePathStyle alone, nothing to delete", async () => {
    const port = new URL(server.endpoint).port;
    const refused = `  - id: refused\n    type: io.kestra.plugin.aws.s3.List\n    endpointOverride: "http://127.0.0.2:${port}"\n    accessKeyId: k\n    secretKeyId: s\n    bucket: it-bucket\n`;
    const metadata = `  - id: metadata\n    type: io.kestra.plugin.aws.s3.List\n    endpointOverride: "http://169.254.169.254"\n    accessKeyId: k\n    secretKeyId: s\n    bucket: it-bucket\n`;
    const anonymous = `  - id: anonymous\n    type: io.kestra.plugin.aws.s3.List\n    endpointOverride: "${server.endpoint}"\n    bucket: it-bucket\n`;
    const pathStyle = s3("path_style", "Download", "bucket: it-bucket\nkey: x\nforcePathStyle: true");
    const empty = s3("empty", "DeleteList", "bucket: it-bucket\nprefix: nothing-here/\nerrorOnEmpty: true");
    const missing = s3("missing", "Download", "bucket: it-bucket\nkey: no/such/key");
    const errors: Record<string, string | null> = {};
    for (const [id, task] of Object.entries({ refused, metadata, anonymous, path_style: pathStyle, empty, missing })) {
      const ran = await run(`id: s3-error-${id.replace("_", "-")}\nnamespace: it.s3\ntasks:\n${task}`);
      expect(ran.execution.state, id).toBe(State.FAILED);
      errors[id] = runOf(ran, id).error;
    }
    expect(errors.refused).toMatch(
      /refused to connect to 127\.0\.0\.2: a loopback address, not public; an admin may allow it/,
    );
    expect(errors.metadata).toMatch(/resolves to a link-local address \(169\.254\.0\.0\/16\)/);
    expect(errors.anonymous).toMatch(/accessKeyId and secretKeyId are required/);
    expect(errors.path_style).toBe("'forcePathStyle' must be used in conjunction with 'compatibilityMode'");
    expect(errors.empty).toBe(
      "Unable to find any files to delete on it-bucket with regexp='null', prefix='nothing-here/'",
    );
    expect(errors.missing).toMatch(/The specified key does not exist.*Status Code: 404/);
  });
});
