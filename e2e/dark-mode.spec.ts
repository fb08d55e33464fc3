import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { putFlow, startRun, uniqueId } from "./helpers";

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const isDark = (page: Page) => page.evaluate(() => document.documentElement.classList.contains("dark"));

test("the theme toggle darkens the editor and execution pages, Monaco and the graph, and is remembered", async ({
  page,
  request,
}) => {
  const ns = "e2e.dark";
  const id = uniqueId("dark");
  await putFlow(
    request,
    `id: ${id}\nnamespace: ${ns}\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: "\\u001b[34mblue\\u001b[0m and plain"\n  - id: bye\n    type: io.kestra.plugin.core.log.Log\n    message: done\n`,
  );
  const executionId = await startRun(request, ns, id);

  await page.emulateMedia({ colorScheme: "light" });
  await page.goto(`/flows/${ns}/${id}`);
  await expect(page.locator(".monaco-editor").first()).toBeVisible();
  expect(await isDark(page)).toBe(false);
  await expect(page.locator(".monaco-editor").first()).toHaveClass(/(^|\s)vs(\s|$)/);
  const lightEditor = await background(page);

  await page.getByTestId("theme-toggle").getByRole("radio", { name: /Dark/ }).click();
  expect(await isDark(page)).toBe(true);
  await expect(page.locator(".monaco-editor").first()).toHaveClass(/\bvs-dark\b/);
  await expect(page.locator(".react-flow").first()).toHaveClass(/\bdark\b/);
  const darkEditor = await background(page);
  expect(darkEditor).not.toBe(lightEditor);
  await page.screenshot({ path: "docs/dark-mode.png" });

  // Remembered: set before the first paint on reload, Monaco dark again.
  await page.reload();
  expect(await isDark(page)).toBe(true);
  expect(await page.evaluate(() => localStorage.getItem("osprey-theme"))).toBe("dark");
  await expect(page.locator(".monaco-editor").first()).toHaveClass(/\bvs-dark\b/);
  expect(await background(page)).toBe(darkEditor);

  // The execution page is dark too, and light again with the toggle.
  await page.goto(`/executions/${executionId}`);
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS");
  expect(await isDark(page)).toBe(true);
  const darkExecution = await background(page);
  const stateBadge = page.getByTestId("execution-state").locator("span");
  const darkBadge = await stateBadge.evaluate((el) => getComputedStyle(el).backgroundColor);
  await expect(page.locator(".react-flow").first()).toHaveClass(/\bdark\b/);
  // ANSI blue, unreadable as xterm's 0,0,187 on the dark log, is drawn lighter.
  await expect(page.getByTestId("log").locator("span", { hasText: /^blue$/ })).toHaveCSS("color", "rgb(96, 165, 250)");
  await page.screenshot({ path: "docs/dark-mode-execution.png" });
  await page.getByTestId("theme-toggle").getByRole("radio", { name: /Light/ }).click();
  expect(await isDark(page)).toBe(false);
  expect(await background(page)).not.toBe(darkExecution);
  expect(await stateBadge.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(darkBadge);
  await expect(page.locator(".react-flow").first()).not.toHaveClass(/\bdark\b/);
});

test("System follows the operating system's colour scheme", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/executions");
  expect(await page.evaluate(() => localStorage.getItem("osprey-theme"))).toBeNull();
  expect(await isDark(page)).toBe(true);
  const dark = await background(page);
  await page.emulateMedia({ colorScheme: "light" });
  await expect.poll(() => isDark(page)).toBe(false);
  expect(await background(page)).not.toBe(dark);
  // An explicit choice wins over the system.
  await page.getByTestId("theme-toggle").getByRole("radio", { name: /Dark/ }).click();
  await page.reload();
  expect(await isDark(page)).toBe(true);
});
