import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readFileByUri } from "../files/output-files";
import { runFlow } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";

// http.Request and http.Download on the real engine against HTTP servers this test starts on
// loopback addresses, which the tasks may reach only when an admin's setting allows them.
const t = useTestExecutor();
const run = (yaml: string) => runFlow(t.deps, yaml, t.executor);
type Run = { taskId: string; state: string; error: string | null; outputs: Record<string, unknown> | null };
const runOf = (execution: { taskRuns: unknown[] }, taskId: string) =>
  (execution.taskRuns as Run[]).find((r) => r.taskId === taskId)!;
const messages = (logs: { message: string }[]) => logs.map((l) => l.message);

const seen: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[] = [];
let port = 0;
const servers: Server[] = [];

function handle(req: IncomingMessage, res: ServerResponse) {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    if (req.url === "/echo") {
      res.writeHead(201, { "Content-Type": "application/json", "X-Answer": "42" });
      res.end(JSON.stringify({ got: body ? JSON.parse(body) : null, auth: req.headers["x-token"] ?? null }));
    } else if (req.url === "/file") {
      res.writeHead(200, { "Content-Type": "text/csv", "Content-Disposition": 'attachment; filename="orders.csv"' });
      res.end("id,amount\n1,10\n2,32\n");
    } else if (req.url === "/to-other-loopback") {
      res.writeHead(302, { Location: `http://127.0.0.2:${port}/echo` });
      res.end();
    } else {
      res.writeHead(404);
      res.end("no such page");
    }
  });
}

async function listen(host: string, wanted: number): Promise<number> {
  const server = createServer(handle);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(wanted, host, resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  port = await listen("127.0.0.1", 0);
  await listen("127.0.0.2", port);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

/** An admin's setting, as the Settings page stores it (read by each execution when it starts). */
async function setting(key: string, value: string | null) {
  if (value === null) await t.deps.db.setting.deleteMany({ where: { key } });
  else await t.deps.db.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
}

beforeEach(async () => {
  await setting("OSPREY_HTTP_ALLOW_PRIVATE", null);
  await setting("OSPREY_HTTP_ALLOWED_NETWORKS", null);
  seen.length = 0;
});

describe("HTTP tasks", () => {
  it("Request sends a JSON body and headers; code, headers and body come back as outputs", async () => {
    await setting("OSPREY_HTTP_ALLOW_PRIVATE", "true");
    const { execution, logs } = await run(`id: http_request
namespace: it.http
tasks:
  - id: post
    type: io.kestra.plugin.core.http.Request
    uri: http://127.0.0.1:${port}/echo
    method: POST
    headers:
      X-Token: "{{ 'abc' | upper }}"
    body: '{"order": {{ 6 * 7 }}}'
  - id: use
    type: io.kestra.plugin.core.log.Log
    message: "got={{ json(outputs.post.body).got.order }} auth={{ json(outputs.post.body).auth }} code={{ outputs.post.code }} answer={{ outputs.post.headers['X-Answer'][0] }}"
`);
    expect(execution.state).toBe("SUCCESS");
    expect(seen[0]).toMatchObject({ method: "POST", url: "/echo", body: '{"order": 42}' });
    expect(seen[0].headers["content-type"]).toBe("application/json");
    const post = runOf(execution, "post").outputs!;
    expect(post.code).toBe(201);
    expect(post.uri).toBe(`http://127.0.0.1:${port}/echo`);
    expect(JSON.parse(post.body as string)).toEqual({ got: { order: 42 }, auth: "ABC" });
    expect(messages(logs)).toContain("got=42 auth=ABC code=201 answer=42");
  });

  it("Request fails on a 404 unless allowFailed; formData is sent url-encoded", async () => {
    await setting("OSPREY_HTTP_ALLOW_PRIVATE", "true");
    const { execution } = await run(`id: http_404
namespace: it.http
tasks:
  - id: tolerated
    type: io.kestra.plugin.fs.http.Request
    uri: http://127.0.0.1:${port}/missing
    method: POST
    formData:
      user: ada
      n: 3
    options:
      allowFailed: true
  - id: failing
    type: io.kestra.plugin.core.http.Request
    uri: http://127.0.0.1:${port}/missing
`);
    expect(execution.state).toBe("FAILED");
    expect(runOf(execution, "tolerated")).toMatchObject({
      state: "SUCCESS",
      outputs: { code: 404, body: "no such page" },
    });
    expect(seen[0].body).toBe("user=ada&n=3");
    expect(seen[0].headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(runOf(execution, "failing").error).toContain("Failed http request with response code '404'");
  });

  it("Download stores the body as the task run's file, readable by its uri", async () => {
    await setting("OSPREY_HTTP_ALLOW_PRIVATE", "true");
    const { execution } = await run(`id: http_download
namespace: it.http
tasks:
  - id: get
    type: io.kestra.plugin.core.http.Download
    uri: http://127.0.0.1:${port}/file
`);
    expect(execution.state).toBe("SUCCESS");
    const out = runOf(execution, "get").outputs!;
    expect(out).toMatchObject({ code: 200, length: 20 });
    expect(String(out.uri)).toMatch(/\/orders\.csv$/);
    const file = await readFileByUri(t.deps, execution.id, String(out.uri));
    expect(file.content.toString()).toBe("id,amount\n1,10\n2,32\n");
  });

  it("without the setting, a loopback address is refused, by IP and by a name resolved to it", async () => {
    const { execution } = await run(`id: http_refused
namespace: it.http
tasks:
  - id: by_ip
    type: io.kestra.plugin.core.http.Request
    uri: http://127.0.0.1:${port}/echo
    allowFailure: true
  - id: by_name
    type: io.kestra.plugin.core.http.Download
    uri: http://localhost:${port}/file
`);
    expect(execution.state).toBe("FAILED");
    expect(runOf(execution, "by_ip").error).toMatch(
      /refused to connect to 127\.0\.0\.1: a loopback address.*OSPREY_HTTP_ALLOW_PRIVATE/,
    );
    expect(runOf(execution, "by_name").error).toMatch(
      /refused to connect to localhost \((127\.0\.0\.1|::1)\): a loopback address/,
    );
    expect(seen).toHaveLength(0);
  });

  it("a connection kept from an allowed request is not reused to skip the check of a refused one", async () => {
    const flow = `id: http_reuse
namespace: it.http
tasks:
  - id: get
    type: io.kestra.plugin.core.http.Request
    uri: http://localhost:${port}/echo
`;
    await setting("OSPREY_HTTP_ALLOW_PRIVATE", "true");
    expect((await run(flow)).execution.state).toBe("SUCCESS");
    await setting("OSPREY_HTTP_ALLOW_PRIVATE", null);
    const refused = await run(flow);
    expect(refused.execution.state).toBe("FAILED");
    expect(runOf(refused.execution, "get").error).toMatch(/refused to connect to localhost/);
    expect(seen).toHaveLength(1);
  });

  it("a redirect from an allowed host to a refused address is refused; allowed everywhere, it is followed", async () => {
    await setting("OSPREY_HTTP_ALLOWED_NETWORKS", "127.0.0.1");
    const flow = `id: http_redirect
namespace: it.http
tasks:
  - id: hop
    type: io.kestra.plugin.core.http.Request
    uri: http://127.0.0.1:${port}/to-other-loopback
`;
    const refused = await run(flow);
    expect(refused.execution.state).toBe("FAILED");
    expect(runOf(refused.execution, "hop").error).toMatch(/refused to connect to 127\.0\.0\.2: a loopback address/);
    expect(seen.map((s) => s.url)).toEqual(["/to-other-loopback"]);

    await setting("OSPREY_HTTP_ALLOW_PRIVATE", "true");
    const followed = await run(flow);
    expect(followed.execution.state).toBe("SUCCESS");
    expect(runOf(followed.execution, "hop").outputs).toMatchObject({ code: 201, uri: `http://127.0.0.2:${port}/echo` });
  });
});
