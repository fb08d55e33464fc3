import { expect, test } from "./fixtures";
import { openEmptyEditor, pasteIntoEditor, uniqueId } from "./helpers";

test("write a flow in the editor with schema completion, save, run and watch it live", async ({ page, request }) => {
  const flowId = uniqueId("live");
  await openEmptyEditor(page);
  await pasteIntoEditor(
    page,
    `id: ${flowId}\nnamespace: e2e.live\ntasks:\n  - id: hello\n    type: io.kestra.plugin.scripts.python.Script\n    run`,
  );
  // The schema offers `runner`, then its values: accept DOCKER from the suggestion list.
  const suggest = page.locator(".suggest-widget");
  await page.keyboard.press("Control+Space");
  await expect(suggest.getByText("runner", { exact: true })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.keyboard.type("ner: ");
  await page.keyboard.press("Control+Space");
  const docker = suggest.locator(".monaco-list-row", { hasText: "DOCKER" });
  await expect(docker).toBeVisible();
  await expect(suggest.locator(".monaco-list-row", { hasText: "PROCESS" })).toBeVisible();
  await docker.click();
  await expect(page.locator(".view-lines")).toContainText("runner: DOCKER");

  await page.keyboard.press("End");
  await pasteIntoEditor(
    page,
    '\n    script: |\n      import time\n      for i in range(1, 4):\n          print(f"live line {i}")\n          time.sleep(1.5)\n',
  );
  await page.keyboard.press("ControlOrMeta+S");
  await expect(page.getByTestId("flow-title")).toContainText("rev 1");
  await expect(page).toHaveURL(new RegExp(`/flows/e2e.live/${flowId}$`));
  await expect(page.getByTestId("status")).toHaveText(/Saved revision 1/);

  await page.getByRole("button", { name: /Run/ }).click();
  await expect(page).toHaveURL(/\/executions\/[0-9a-f-]{36}$/);
  const log = page.getByTestId("log");
  // Seen while the task still runs: the line arrived live, not after the fact.
  await expect(log).toContainText("live line 1");
  await expect(page.getByTestId("execution-state")).toHaveText("RUNNING");
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS", { timeout: 30_000 });
  for (const n of [1, 2, 3]) await expect(log).toContainText(`live line ${n}`);

  await page.reload();
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS");
  for (const n of [1, 2, 3]) await expect(log).toContainText(`live line ${n}`);
  // After a reload the page shows every stored line once, in order: the same sequence numbers the API has.
  const executionId = page.url().split("/").pop()!;
  const stored = (
    (await (await request.get(`/api/v1/logs/${executionId}?limit=1000`)).json()) as { lines: { seq: number }[] }
  ).lines.map((l) => l.seq);
  expect(stored.length).toBeGreaterThan(3);
  await expect
    .poll(
      async () =>
        await log.locator("[data-seq]").evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-seq")))),
    )
    .toEqual(stored);
  await expect(log.getByText(/live line \d/)).toHaveCount(3);
});

test("save errors show beside the editor with their line", async ({ page }) => {
  await openEmptyEditor(page);
  await pasteIntoEditor(page, "id: broken\nnamespace: e2e\ntasks:\n  - id: a\n    type: com.example.NopeTask\n");
  await page.keyboard.press("ControlOrMeta+S");
  const problems = page.getByTestId("problems");
  await expect(problems).toContainText("line 5:");
  await expect(problems).toContainText('unknown task type "com.example.NopeTask"');
  await expect(page.getByTestId("status")).toHaveText("Not saved");
});
