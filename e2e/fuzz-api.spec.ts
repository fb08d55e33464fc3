import fc from "fast-check";
import { authHeaders, expect, test } from "./fixtures";
import { stringify } from "yaml";

// Generated bodies thrown at the real routes: never a 500, never a hang, every refusal says why.
const RUNS = { seed: 20261127, numRuns: 400 };
const YAML_TYPES = ["application/x-yaml", "text/yaml", "application/json", "text/plain", "", "multipart/form-data"];

async function expectClearAnswer(res: Response) {
  expect(res.status, await res.clone().text()).toBeLessThan(500);
  // 405 comes from Next itself (a route without that method) and says so with Allow.
  if (res.status === 405) return;
  if (res.status >= 400) {
    const body = (await res.json()) as { message?: string };
    expect(body.message?.length ?? 0).toBeGreaterThan(0);
  }
}

test("POST /api/v1/flows with generated YAML documents and media types", async ({ baseURL }) => {
  test.setTimeout(180_000);
  const docs = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.anything({ maxDepth: 3 }).map((v) => stringify(v ?? null)),
    fc
      .record(
        {
          id: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/), fc.string()),
          namespace: fc.oneof(fc.constant("fuzz"), fc.string()),
          tasks: fc.array(
            fc.record({
              id: fc.string(),
              type: fc.oneof(fc.constant("io.kestra.plugin.core.log.Log"), fc.string()),
              message: fc.string(),
            }),
            { maxLength: 3 },
          ),
        },
        { requiredKeys: [] },
      )
      .map((v) => stringify(v)),
  );
  await fc.assert(
    fc.asyncProperty(docs, fc.constantFrom(...YAML_TYPES), async (body, type) => {
      await expectClearAnswer(
        await fetch(`${baseURL}/api/v1/flows`, {
          method: "POST",
          body,
          headers: { ...authHeaders(), ...(type ? { "Content-Type": type } : {}) },
        }),
      );
    }),
    RUNS,
  );
});

test("generated paths, queries and JSON bodies on the other routes", async ({ baseURL }) => {
  test.setTimeout(180_000);
  const segment = fc.oneof(
    fc.stringMatching(/^[a-z.]{1,12}$/),
    fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent),
  );
  const call = fc.oneof(
    fc.tuple(segment, segment).map(([a, b]) => ({ method: "POST", path: `/api/v1/executions/${a}/${b}`, body: "{}" })),
    fc
      .tuple(segment, fc.oneof(fc.json(), fc.string()))
      .map(([ns, body]) => ({ method: "PUT", path: `/api/v1/namespaces/${ns}/secrets`, body })),
    fc
      .tuple(segment, segment, fc.string())
      .map(([a, b, body]) => ({ method: "POST", path: `/api/v1/executions/${a}/${b}`, body })),
    fc
      .tuple(
        segment,
        fc.string(),
        fc.constantFrom("multipart/form-data", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"),
      )
      .map(([a, body, type]) => ({
        method: "POST",
        path: `/api/v1/executions/e2e.fuzz/${a}`,
        body,
        type,
      })),
    segment.map((id) => ({ method: "GET", path: `/api/v1/executions/${id}`, body: undefined })),
    fc.tuple(segment, fc.string()).map(([id, q]) => ({
      method: "GET",
      path: `/api/v1/logs/${id}?afterSeq=${encodeURIComponent(q)}&limit=${encodeURIComponent(q)}`,
      body: undefined,
    })),
    fc.string().map((q) => ({
      method: "GET",
      path: `/api/v1/flows/search?page=${encodeURIComponent(q)}&size=${encodeURIComponent(q)}&q=${encodeURIComponent(q)}`,
      body: undefined,
    })),
    segment.map((id) => ({ method: "DELETE", path: `/api/v1/executions/${id}/kill`, body: undefined })),
  );
  await fc.assert(
    fc.asyncProperty(call, async (c: { method: string; path: string; body?: string; type?: string }) => {
      const headers: Record<string, string> = {
        ...authHeaders(),
        ...(c.body !== undefined ? { "Content-Type": c.type ?? "application/json" } : {}),
      };
      await expectClearAnswer(await fetch(`${baseURL}${c.path}`, { method: c.method, body: c.body, headers }));
    }),
    { ...RUNS, numRuns: 700 },
  );
});
