import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./fixtures";
import { pasteIntoEditor, putFlow, uniqueId } from "./helpers";

// The editor's playground in real Chromium against the real server: an unsaved edit is what runs;
// the second task run alone reads the first task's output from the earlier playground run; neither
// run shows in the executions list.
test("playground: run the first task of an unsaved edit, then the second alone on its output", async ({
  page,
  request,
}) => {
  const ns = "e2e.playground";
  const id = uniqueId("play");
  const flow = (first: string) =>
    `id: ${id}\nnamespace: ${ns}\ntasks:\n  - id: first\n    type: io.kestra.plugin.core.debug.Return\n    format: "${first}"\n  - id: second\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ outputs.first.value }} and more"\n  - id: third\n    type: io.kestra.plugin.core.log.Log\n    message: not run by the playground\n`;
  await putFlow(request, flow("saved"));
  await page.goto(`/flows/${ns}/${id}`);
  const editor = page.locator(".monaco-editor").first();
  await expect(editor).toBeVisible();
  // The unsaved edit: the first task now computes 6 * 7.
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await pasteIntoEditor(page, flow("{{ 6 * 7 }}"));
  await expect(page.getByTestId("dirty")).toBeVisible();

  await page.getByRole("button", { name: "Playground", exact: true }).click();
  const pane = page.getByTestId("playground");
  // The second alone, before any run of the first: refused, with the way out offered.
  await pane.getByRole("button", { name: "Run task second" }).click();
  await expect(pane.getByRole("alert")).toContainText("run up to second instead");
  await expect(pane.getByRole("alert").getByRole("button", { name: "Run up to second" })).toBeVisible();

  await pane.getByRole("button", { name: "Run task first" }).click();
  await expect(pane.getByTestId("playground-state")).toHaveText("SUCCESS", { timeout: 30_000 });
  const runs = pane.getByTestId("playground-task-runs");
  await expect(runs.locator("[data-task=first]").getByTestId("task-outputs")).toContainText('"value": "42"');
  await expect(runs.locator("[data-task=second]")).toHaveCount(0);
  const firstHref = await pane.getByTestId("playground-execution").getAttribute("href");

  await pane.getByRole("button", { name: "Run task second" }).click();
  // A new run, not the first one's page still showing.
  await expect(pane.getByTestId("playground-execution")).not.toHaveAttribute("href", firstHref!);
  await expect(pane.getByTestId("playground-state")).toHaveText("SUCCESS", { timeout: 30_000 });
  await expect(runs.locator("[data-task=second]").getByTestId("task-outputs")).toContainText('"value": "42 and more"');
  await expect(runs.locator("[data-task=first]")).toContainText("from an earlier run");
  await expect(runs.locator("[data-task=third]")).toHaveCount(0);
  await expect(page.getByTestId("dirty")).toBeVisible();

  // Playground runs are in no list: the flow has no execution for the executions search.
  const search = await request.get(`/api/v1/executions/search?namespace=${ns}&flowId=${id}`);
  expect(((await search.json()) as { total: number }).total).toBe(0);

  // The playground's own controls and results; the log viewer it embeds is the execution page's,
  // checked there by accessibility.spec.ts.
  const axe = await new AxeBuilder({ page })
    .include("[data-testid=playground-tab]")
    .exclude("[data-testid=playground-tab] .palette-fixed")
    .analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(" ")} ${n.failureSummary}`).join(" | ")}`),
  ).toEqual([]);
});
