import { expect, test } from "./fixtures";
import { putFlow, uniqueId } from "./helpers";

test("flow history: list revisions, diff two side by side, restore an old one as a new revision", async ({
  page,
  request,
}) => {
  const id = uniqueId("hist");
  const v1 = `id: ${id}\nnamespace: e2e.history\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: first words\n`;
  await putFlow(request, v1);
  const v2 = v1.replace("first words", "second words");
  expect(
    (
      await request.put(`/api/v1/flows/e2e.history/${id}`, {
        data: v2,
        headers: { "Content-Type": "application/x-yaml" },
      })
    ).status(),
  ).toBe(200);

  await page.goto(`/flows/e2e.history/${id}/history`);
  const revisions = page.getByTestId("revisions");
  await expect(revisions.locator("[data-revision]")).toHaveCount(2);
  await expect(revisions.locator('[data-revision="2"]')).toContainText("current");
  // Monaco's diff editor shows both sides: the old words on the left, the new on the right.
  const diff = page.getByTestId("diff");
  await expect(diff.locator(".editor.original")).toContainText("first words");
  await expect(diff.locator(".editor.modified")).toContainText("second words");
  await expect(diff.locator(".line-insert, .char-insert").first()).toBeVisible();

  await revisions.locator('[data-revision="1"]').getByRole("button", { name: "Restore" }).click();
  await expect(revisions.locator("[data-revision]")).toHaveCount(3);
  const restored = await (await request.get(`/api/v1/flows/e2e.history/${id}?source=true`)).text();
  expect(restored).toBe(v1);
  const list = (await (await request.get(`/api/v1/flows/e2e.history/${id}/revisions`)).json()) as {
    revisions: { revision: number; createdBy: string }[];
  };
  expect(list.revisions.map((r) => r.revision)).toEqual([3, 2, 1]);
  expect(list.revisions[0].createdBy).toBe("admin@osprey.test");
});

test("executions list filters by flow, state and time; run again reuses the inputs", async ({ page, request }) => {
  const id = uniqueId("list");
  const yaml = `id: ${id}\nnamespace: e2e.list\ninputs:\n  - id: who\n    type: STRING\ntasks:\n  - id: greet\n    type: io.kestra.plugin.core.log.Log\n    message: "hello {{ inputs.who }}"\n`;
  await putFlow(request, yaml);
  const run = await request.post(`/api/v1/executions/e2e.list/${id}`, { data: { who: "Ada" } });
  const first = ((await run.json()) as { id: string }).id;
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/executions/${first}`)).json()) as { state: string }).state)
    .toBe("SUCCESS");

  await page.goto("/executions");
  const filters = page.getByTestId("execution-filters");
  await filters.getByLabel("Flow").fill(id);
  await filters.getByLabel("State").selectOption("SUCCESS");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`flowId=${id}.*state=SUCCESS`));
  await expect(page.getByTestId("executions").locator("[data-execution]")).toHaveCount(1);
  await page.goto(`/executions?flowId=${id}&state=FAILED`);
  await expect(page.getByTestId("executions").locator("[data-execution]")).toHaveCount(0);
  await page.goto(`/executions?flowId=${id}&startDate=2999-01-01T00:00`);
  await expect(page.getByTestId("executions").locator("[data-execution]")).toHaveCount(0);
  // Labels given at run time (Kestra's ?labels=key:value) show in the list and filter it.
  const labelled = await request.post(`/api/v1/executions/e2e.list/${id}?labels=env:staging&labels=owner:ada`, {
    data: { who: "Lin" },
  });
  expect(labelled.status()).toBe(201);
  await page.goto(`/executions?flowId=${id}&labels=env:staging`);
  await expect(page.getByTestId("executions").locator("[data-execution]")).toHaveCount(1);
  await expect(page.getByTestId("labels")).toContainText("env:staging");
  await expect(page.getByTestId("labels")).toContainText("owner:ada");
  await page.goto(`/executions?flowId=${id}&labels=env:prod`);
  await expect(page.getByTestId("executions").locator("[data-execution]")).toHaveCount(0);
  await page.goto(`/executions?flowId=${id}&startDate=not-a-date`);
  await expect(page.locator("p[role=alert]")).toContainText("startDate");

  await page.goto(`/executions/${first}`);
  await page.getByRole("button", { name: /Run again/ }).click();
  // Run again opens the Run dialog, prefilled with this execution's inputs.
  const dialog = page.getByTestId("run-dialog");
  await expect(dialog.getByLabel(/who/)).toHaveValue("Ada");
  await dialog.getByRole("button", { name: /Run/ }).last().click();
  await expect(page).not.toHaveURL(new RegExp(first));
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS");
  await expect(page.getByTestId("log")).toContainText("hello Ada");
});
