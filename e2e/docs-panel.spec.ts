import { expect, test } from "./fixtures";
import { putFlow, uniqueId } from "./helpers";

test("the docs panel follows the cursor from a Python task to a Log task, and stays open or closed", async ({
  page,
  request,
}) => {
  const id = uniqueId("docs");
  await putFlow(
    request,
    `id: ${id}
namespace: e2e.docs
tasks:
  - id: compute
    type: io.kestra.plugin.scripts.python.Script
    script: print('from python')
  - id: announce
    type: io.kestra.plugin.core.log.Log
    message: said by log
`,
  );
  await page.goto(`/flows/e2e.docs/${id}`);
  await expect(page.locator(".view-line").filter({ hasText: "said by log" })).toBeVisible();
  // Closed until asked for; opened from the keyboard.
  await expect(page.getByTestId("side-panel")).toHaveCount(0);
  await page.getByTestId("toggle-docs").focus();
  await page.keyboard.press("Enter");
  const panel = page.getByTestId("side-panel");
  await expect(panel).toBeVisible();

  await page.locator(".view-line").filter({ hasText: "from python" }).click();
  await expect(panel.getByTestId("docs-title")).toHaveText("Python Script");
  const properties = panel.getByTestId("docs-properties");
  await expect(properties.locator('[data-name="script"]')).toContainText("required");
  await expect(properties.locator('[data-name="dependencies"]')).toBeVisible();
  await expect(properties.locator('[data-name="message"]')).toHaveCount(0);
  await expect(panel.getByTestId("docs-outputs").locator("[data-name]")).toHaveText([
    /^vars/,
    /^exitCode/,
    /^outputFiles/,
  ]);
  await expect(panel.getByTestId("docs-examples")).toContainText("io.kestra.plugin.scripts.python.Script");

  await page.locator(".view-line").filter({ hasText: "said by log" }).click();
  await expect(panel.getByTestId("docs-title")).toHaveText("Log");
  await expect(properties.locator('[data-name="message"]')).toContainText("required");
  await expect(properties.locator('[data-name="level"]')).toContainText("default INFO");
  await expect(properties.locator('[data-name="script"]')).toHaveCount(0);

  // Remembered: open after a reload, closed after closing it and reloading.
  await page.reload();
  await expect(page.getByTestId("side-panel")).toBeVisible();
  await page.getByRole("button", { name: "Close the side panel" }).click();
  await expect(page.getByTestId("side-panel")).toHaveCount(0);
  await page.reload();
  await expect(page.locator(".view-line").filter({ hasText: "said by log" })).toBeVisible();
  await expect(page.getByTestId("side-panel")).toHaveCount(0);
});
