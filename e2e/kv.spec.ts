import { expect, test } from "./fixtures";
import { putFlow, startRun, uniqueId } from "./helpers";

test("the KV page shows a key a flow set, with its type and expiry, and deletes it", async ({ page, request }) => {
  const ns = `e2e.kv.${uniqueId("ns")}`;
  const id = uniqueId("kvset");
  await putFlow(
    request,
    `id: ${id}\nnamespace: ${ns}\ntasks:\n  - id: set\n    type: io.kestra.plugin.core.kv.Set\n    key: last_run\n    value: '{"rows": {{ 20 + 22 }}}'\n    kvType: JSON\n    ttl: P1D\n  - id: plain\n    type: io.kestra.plugin.core.kv.Set\n    key: greeting\n    value: hello\n`,
  );
  const executionId = await startRun(request, ns, id);
  await expect
    .poll(
      async () => ((await (await request.get(`/api/v1/executions/${executionId}`)).json()) as { state: string }).state,
    )
    .toBe("SUCCESS");
  expect(await (await request.get(`/api/v1/namespaces/${ns}/kv/last_run`)).json()).toEqual({
    type: "JSON",
    value: { rows: 42 },
  });

  await page.goto(`/kv?namespace=${ns}`);
  const row = page.getByTestId("kv-row-last_run");
  await expect(row).toContainText("JSON");
  await expect(row).toContainText('{"rows":42}');
  await expect(row).not.toContainText("never");
  await expect(page.getByTestId("kv-row-greeting")).toContainText("never");

  await page.getByRole("button", { name: "Delete last_run" }).click();
  await expect(page.getByRole("status")).toHaveText(`Deleted last_run from ${ns}`);
  await expect(page.getByTestId("kv-row-last_run")).toHaveCount(0);
  await expect(page.getByTestId("kv-row-greeting")).toBeVisible();
  expect((await request.get(`/api/v1/namespaces/${ns}/kv/last_run`)).status()).toBe(404);

  // Set from the page: a typed value a flow then reads with kv().
  await page.getByLabel("Key").fill("limit");
  await page.getByLabel("Type").selectOption("NUMBER");
  await page.getByLabel("Value").fill("7");
  await page.getByRole("button", { name: "Set" }).click();
  await expect(page.getByTestId("kv-row-limit")).toContainText("NUMBER");
  const reader = uniqueId("kvread");
  await putFlow(
    request,
    `id: ${reader}\nnamespace: ${ns}.child\ntasks:\n  - id: show\n    type: io.kestra.plugin.core.log.Log\n    message: "limit plus one is {{ kv('limit') + 1 }}"\n`,
  );
  const readId = await startRun(request, `${ns}.child`, reader);
  await page.goto(`/executions/${readId}`);
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS");
  await expect(page.getByTestId("log")).toContainText("limit plus one is 8");
});
