import { expect, test } from "./fixtures";
import { openEmptyEditor, pasteIntoEditor, uniqueId } from "./helpers";

// A task type registered from a manifest in the browser, then written in the editor (completion,
// hover docs and markers from its JSON schema), run, and its output read back.
test("a manifest-defined task type is registered, offered by the editor and run", async ({ page }) => {
  const suffix = uniqueId("t").replace(/_/g, "");
  const type = `e2e.tasks.Hello${suffix}`;
  await page.goto("/task-types");
  await page.getByRole("button", { name: "New task type" }).click();
  const source = page.getByLabel(/New manifest/);
  const template = await source.inputValue();
  // A broken manifest is refused with its line.
  await source.fill(template.replace("image: osprey/shell:latest", "image: [unclosed"));
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("manifest-problems")).toContainText(/line \d+, column \d+: invalid YAML/);
  await source.fill(template.replace("acme.tasks.Hello", type));
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText(`Saved ${type}, revision 1`);
  await expect(page.getByTestId(`task-type-${type}`)).toBeVisible();

  const flowId = uniqueId("hello");
  await openEmptyEditor(page);
  await pasteIntoEditor(page, `id: ${flowId}\nnamespace: e2e.tasktypes\ntasks:\n  - id: hi\n    type: e2e.tasks.Hel`);
  const suggest = page.locator(".suggest-widget");
  await page.keyboard.press("Control+Space");
  await expect(suggest.locator(".monaco-list-row", { hasText: type })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.keyboard.type(type.slice("e2e.tasks.Hel".length));
  // Its own property is offered, documented on hover, and checked while typing.
  await pasteIntoEditor(page, "\n    ");
  await page.keyboard.type("tim");
  await page.keyboard.press("Control+Space");
  await expect(suggest.locator(".monaco-list-row", { hasText: "times" }).first()).toBeVisible();
  await page.keyboard.press("Escape");
  await page.keyboard.type("es: 0");
  await expect(page.locator(".squiggly-warning, .squiggly-error").first()).toBeVisible();
  await page.locator(".view-line").getByText("times", { exact: true }).hover();
  await expect(page.locator(".monaco-hover").filter({ hasText: "How many times" })).toBeVisible();
  await page.mouse.move(0, 0);
  for (let i = 0; i < 1; i++) await page.keyboard.press("Backspace");
  await pasteIntoEditor(page, "2\n    name: World");
  await expect(page.locator(".squiggly-error")).toHaveCount(0);

  await page.keyboard.press("ControlOrMeta+S");
  await expect(page.getByTestId("status")).toHaveText(/Saved revision 1/);
  await page.getByRole("button", { name: /Run/ }).click();
  await expect(page).toHaveURL(/\/executions\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS", { timeout: 60_000 });
  const executionId = page.url().split("/").pop();
  const execution = (await (await page.request.get(`/api/v1/executions/${executionId}`)).json()) as {
    taskRuns: { taskId: string; outputs: { vars?: Record<string, unknown> } }[];
  };
  expect(execution.taskRuns.find((r) => r.taskId === "hi")?.outputs.vars).toEqual({ greeting: "hello World" });
});
