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
    const res = await post(request, "id: x\nnamespace: y\ntasks:\n  - id: a\n    type: io.kestra.plugin.aws.s3.Upload\n");
    expect(res.status()).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.problems[0]).toMatchObject({ line: 5, column: 5 });
    expect(body.message).toContain("belongs to the plugin io.kestra.plugin.aws, which is not available in Osprey");
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

  test("a 50 MB flow is refused with 413 before it is parsed", async ({ request }) => {
    const res = await post(request, `id: big\nnamespace: y\ndescription: "${"x".repeat(50 * 1024 * 1024)}"\ntasks: []\n`);
    expect(res.status()).toBe(413);
    expect(((await res.json()) as ErrorBody).message).toMatch(/at most/);
  });

  test("create, read source as written, update, conflict, delete", async ({ request }) => {
    const yaml = "# keep me\nid: crud\nnamespace: e2e.api\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: hi   # trailing comment\n";
    await request.delete("/api/v1/flows/e2e.api/crud");
    expect((await post(request, yaml)).status()).toBe(201);
    expect((await post(request, yaml)).status()).toBe(409);
    expect(await (await request.get("/api/v1/flows/e2e.api/crud?source=true")).text()).toBe(yaml);
    const put = await request.put("/api/v1/flows/e2e.api/crud", { data: yaml.replace("hi", "bye"), headers: { "Content-Type": "application/x-yaml" } });
    expect(await put.json()).toMatchObject({ namespace: "e2e.api", id: "crud", revision: 2 });
    const moved = await request.put("/api/v1/flows/e2e.api/crud", { data: yaml.replace("id: crud", "id: other"), headers: { "Content-Type": "application/x-yaml" } });
    expect(moved.status()).toBe(400);
    const found = (await (await request.get("/api/v1/flows/search?namespace=e2e.api")).json()) as { results: { id: string }[] };
    expect(found.results.map((f) => f.id)).toContain("crud");
    expect((await request.delete("/api/v1/flows/e2e.api/crud")).status()).toBe(204);
    expect((await request.get("/api/v1/flows/e2e.api/crud")).status()).toBe(404);
  });
});
