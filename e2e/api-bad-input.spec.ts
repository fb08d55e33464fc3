import { expect, test } from "./fixtures";

const post = (request: import("@playwright/test").APIRequestContext, yaml: string) =>
  request.post("/api/v1/flows", { data: yaml, headers: { "Content-Type": "application/x-yaml" } });

interface ErrorBody {
  message: string;
  problems: { message: string; line?: number; column?: number }[];
}

test.describe("bad input gets a clear 4xx with its line, never a 500", () => {
  test("invalid YAML", async ({ request }) => {
    const res = await post(request, "id: x\nnamespace: y\ntasks:\n  - id: a\n   type: [unclosed\n");
    expect(res.status()).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.message).toMatch(/invalid YAML/);
    expect(body.problems[0].line).toBeGreaterThanOrEqual(4);
  });

  test("unknown task type", async ({ request }) => {
    const res = await post(request, "id: x\nnamespace: y\ntasks:\n  - id: a\n    type: com.example.Nope\n");
    expect(res.status()).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.problems[0]).toMatchObject({ line: 5, column: 5 });
    expect(body.message).toContain("unknown task type");
  });

  test("a Kestra plugin Osprey does not have is named as such", async ({ request }) => {
    const res = await post(
      request,
      "id: x\nnamespace: y\ntasks:\n  - id: a\n    type: io.kestra.plugin.snowflake.Query\n",
    );
    expect(res.status()).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.problems[0]).toMatchObject({ line: 5, column: 5 });
    expect(body.message).toContain(
      "belongs to the plugin io.kestra.plugin.snowflake, which is not available in Osprey",
    );
    // A plugin Osprey has in part names what it has.
    const partly = await post(
      request,
      "id: x\nnamespace: y\ntasks:\n  - id: a\n    type: io.kestra.plugin.aws.dynamodb.PutItem\n",
    );
    expect(((await partly.json()) as ErrorBody).message).toContain(
      "of the plugin io.kestra.plugin.aws it has: io.kestra.plugin.aws.cli.AwsCLI",
    );
  });

  test("duplicate task id", async ({ request }) => {
    const res = await post(
      request,
      "id: x\nnamespace: y\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: again\n",
    );
    expect(res.status()).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.problems[0]).toMatchObject({ line: 7 });
    expect(body.message).toContain('duplicate task id "a"');
  });

  test("missing docker.image value", async ({ request }) => {
    const res = await post(
      request,
      "id: x\nnamespace: y\ntasks:\n  - id: a\n    type: io.kestra.plugin.scripts.python.Commands\n    docker:\n      image:\n    commands: [python -V]\n",
    );
    expect(res.status()).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.problems[0]).toMatchObject({ line: 7 });
    expect(body.problems[0].message).toContain("docker.image");
  });

  test("wrong media type, unknown flow, unknown execution", async ({ request }) => {
    const res = await request.post("/api/v1/flows", { data: "id: x", headers: { "Content-Type": "application/json" } });
    expect(res.status()).toBe(415);
    expect((await request.get("/api/v1/flows/no.such/flow")).status()).toBe(404);
    expect((await request.post("/api/v1/executions/no.such/flow")).status()).toBe(404);
    expect((await request.get("/api/v1/executions/00000000-0000-0000-0000-000000000000")).status()).toBe(404);
    expect((await request.get("/api/v1/logs/nope/follow")).status()).toBe(404);
    expect((await request.get("/api/v1/flows/search?size=100000")).status()).toBe(400);
  });

  test("JSON and YAML nested 5,000 deep are refused with a message (400, 422), never a 500", async ({ request }) => {
    const deepJson = "[".repeat(5_000) + "]".repeat(5_000);
    const deepFlow = await post(request, `id: deep\nnamespace: e2e.deep\ntasks: ${deepJson}\n`);
    expect(deepFlow.status()).toBe(422);
    expect(((await deepFlow.json()) as ErrorBody).message).toContain("nested too deeply");
    const imported = await request.post("/api/v1/flows/import", {
      data: `id: deep\nnamespace: e2e.deep\ntasks: ${deepJson}\n`,
      headers: { "Content-Type": "application/x-yaml" },
    });
    expect(imported.status()).toBe(200);
    expect(JSON.stringify(await imported.json())).toContain("nested too deeply");

    const kv = await request.put("/api/v1/namespaces/e2e.deep/kv/deep", {
      data: deepJson,
      headers: { "Content-Type": "application/json" },
    });
    expect(kv.status()).toBe(400);
    expect(((await kv.json()) as ErrorBody).message).toContain("nests deeper than 1000 levels");
    const secret = await request.put("/api/v1/namespaces/e2e.deep/secrets", {
      data: `{"key": "S", "value": ${deepJson}}`,
      headers: { "Content-Type": "application/json" },
    });
    expect(secret.status()).toBe(400);

    const key = `deep-${Date.now()}`;
    const flow = `id: hooked\nnamespace: e2e.deep\ninputs:\n  - {id: doc, type: JSON, required: false}\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: hi\ntriggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: ${key}\n`;
    await request.delete("/api/v1/flows/e2e.deep/hooked");
    expect((await post(request, flow)).status()).toBe(201);
    const run = await request.post("/api/v1/executions/e2e.deep/hooked", {
      data: `{"doc": ${deepJson}}`,
      headers: { "Content-Type": "application/json" },
    });
    expect(run.status()).toBe(400);
    expect(((await run.json()) as ErrorBody).message).toContain("nests deeper than 1000 levels");
    const asField = await request.post("/api/v1/executions/e2e.deep/hooked", { multipart: { doc: deepJson } });
    expect(asField.status()).toBe(400);
    expect(((await asField.json()) as ErrorBody).message).toContain("input doc: JSON nests deeper than 1000 levels");
    const hook = await request.post(`/api/v1/executions/webhook/e2e.deep/hooked/${key}`, {
      data: deepJson,
      headers: { "Content-Type": "application/json" },
    });
    expect(hook.status()).toBe(400);
    expect(((await hook.json()) as ErrorBody).message).toContain("nests deeper than 1000 levels");
    // A body within the limit starts it; what the execution stores of the call (headers, parameters) does not carry the key, which viewers would read.
    const started = await request.post(`/api/v1/executions/webhook/e2e.deep/hooked/${key}?page=1`, {
      data: { ok: true },
    });
    expect(started.status()).toBe(200);
    const execution = await request.get(`/api/v1/executions/${((await started.json()) as { id: string }).id}`);
    expect(JSON.stringify(await execution.json())).not.toContain(key);
  });

  test("labels and KV keys past their caps are refused naming the setting", async ({ request }) => {
    const labels = Array.from({ length: 101 }, (_, i) => `  l${i}: v`).join("\n");
    const many = await post(
      request,
      `id: labelled\nnamespace: e2e.caps\nlabels:\n${labels}\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`,
    );
    expect(many.status()).toBe(422);
    expect(((await many.json()) as ErrorBody).message).toContain("(OSPREY_MAX_LABELS)");
    await request.delete("/api/v1/flows/e2e.caps/plain");
    expect(
      (
        await post(
          request,
          "id: plain\nnamespace: e2e.caps\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n",
        )
      ).status(),
    ).toBe(201);
    const query = Array.from({ length: 101 }, (_, i) => `labels=k${i}:v`).join("&");
    const run = await request.post(`/api/v1/executions/e2e.caps/plain?${query}`);
    expect(run.status()).toBe(400);
    expect(((await run.json()) as ErrorBody).message).toContain("(OSPREY_MAX_LABELS)");
    const longKey = await request.put(`/api/v1/namespaces/e2e.caps/kv/${"k".repeat(5_000)}`, {
      data: '"v"',
      headers: { "Content-Type": "application/json" },
    });
    expect(longKey.status()).toBe(400);
    expect(((await longKey.json()) as ErrorBody).message).toContain("(OSPREY_MAX_KV_KEY_CHARS)");
  });

  test("a 50 MB flow is refused with 413 before it is parsed", async ({ request }) => {
    const res = await post(
      request,
      `id: big\nnamespace: y\ndescription: "${"x".repeat(50 * 1024 * 1024)}"\ntasks: []\n`,
    );
    expect(res.status()).toBe(413);
    expect(((await res.json()) as ErrorBody).message).toMatch(/at most/);
  });

  test("create, read source as written, update, conflict, delete", async ({ request }) => {
    const yaml =
      "# keep me\nid: crud\nnamespace: e2e.api\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: hi   # trailing comment\n";
    await request.delete("/api/v1/flows/e2e.api/crud");
    expect((await post(request, yaml)).status()).toBe(201);
    expect((await post(request, yaml)).status()).toBe(409);
    expect(await (await request.get("/api/v1/flows/e2e.api/crud?source=true")).text()).toBe(yaml);
    const put = await request.put("/api/v1/flows/e2e.api/crud", {
      data: yaml.replace("hi", "bye"),
      headers: { "Content-Type": "application/x-yaml" },
    });
    expect(await put.json()).toMatchObject({ namespace: "e2e.api", id: "crud", revision: 2 });
    const moved = await request.put("/api/v1/flows/e2e.api/crud", {
      data: yaml.replace("id: crud", "id: other"),
      headers: { "Content-Type": "application/x-yaml" },
    });
    expect(moved.status()).toBe(400);
    const found = (await (await request.get("/api/v1/flows/search?namespace=e2e.api")).json()) as {
      results: { id: string }[];
    };
    expect(found.results.map((f) => f.id)).toContain("crud");
    expect((await request.delete("/api/v1/flows/e2e.api/crud")).status()).toBe(204);
    expect((await request.get("/api/v1/flows/e2e.api/crud")).status()).toBe(404);
  });
});
