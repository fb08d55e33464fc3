import { expect, test } from "./fixtures";
import { uniqueId } from "./helpers";

// Kestra 1.x's API paths carry its tenant (`main`): Kestra's CLI, Terraform provider and scripts
// call /api/v1/main/…, and get the same answers as without it.
test("every API route answers under /api/v1/main too: create a flow, run it, read it back, replay it by Kestra 1.x's action path, and call its webhook", async ({
  request,
  playwright,
  baseURL,
}) => {
  const ns = "e2e.tenant";
  const id = uniqueId("tenant");
  const created = await request.post("/api/v1/main/flows", {
    data: `id: ${id}\nnamespace: ${ns}\ntriggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: k-${id}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ flow.tenantId }}"\n`,
    headers: { "Content-Type": "application/x-yaml" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const same = await request.get(`/api/v1/main/flows/${ns}/${id}`);
  expect(same.status()).toBe(200);
  expect(await same.json()).toEqual(await (await request.get(`/api/v1/flows/${ns}/${id}`)).json());

  const run = await request.post(`/api/v1/main/executions/${ns}/${id}`);
  expect(run.status(), await run.text()).toBe(201);
  const executionId = ((await run.json()) as { id: string }).id;
  await expect(async () => {
    const e = (await (await request.get(`/api/v1/main/executions/${executionId}`)).json()) as {
      state: string;
      taskRuns: { outputs: { value?: string } | null }[];
    };
    expect(e.state).toBe("SUCCESS");
    expect(e.taskRuns[0].outputs?.value).toBe("main");
  }).toPass({ timeout: 60_000 });

  // Kestra 1.x's action paths: /executions/{id}/actions/replay, with and without the tenant.
  for (const prefix of ["/api/v1/main", "/api/v1"]) {
    const replayed = await request.post(`${prefix}/executions/${executionId}/actions/replay`);
    expect(replayed.status(), await replayed.text()).toBeLessThan(300);
    expect(((await replayed.json()) as { id: string }).id).not.toBe(executionId);
  }

  const stranger = await playwright.request.newContext({ baseURL });
  const hooked = await stranger.post(`/api/v1/main/executions/webhook/${ns}/${id}/k-${id}`, { data: {} });
  expect(hooked.status(), await hooked.text()).toBeLessThan(300);
  await stranger.dispose();
});
