import { expect, test } from "./fixtures";
import { openEmptyEditor, pasteIntoEditor } from "./helpers";

test("the editor's schema offers task types and docker properties, with hover docs and live markers", async ({
  page,
}) => {
  await openEmptyEditor(page);
  await pasteIntoEditor(
    page,
    "id: schema_check\nnamespace: e2e\ntasks:\n  - id: a\n    type: io.kestra.plugin.scripts.py",
  );
  const suggest = page.locator(".suggest-widget");
  await page.keyboard.press("Control+Space");
  await expect(
    suggest.locator(".monaco-list-row", { hasText: "io.kestra.plugin.scripts.python.Script" }),
  ).toBeVisible();
  await expect(
    suggest.locator(".monaco-list-row", { hasText: "io.kestra.plugin.scripts.python.Commands" }),
  ).toBeVisible();
  await page.keyboard.press("Escape");
  await page.keyboard.type("thon.Script");

  // Every docker property is offered inside `docker:`.
  await pasteIntoEditor(page, "\n    docker:\n      image: osprey/python\n      ");
  // The list is virtualised: narrow it with each key's first letters, as a person would.
  for (const key of [
    "pullPolicy",
    "credentials",
    "entryPoint",
    "user",
    "memory",
    "cpu",
    "networkMode",
    "privileged",
    "volumes",
    "resume",
    "killGracePeriod",
    "shmSize",
  ]) {
    await page.keyboard.type(key.slice(0, 3));
    await page.keyboard.press("Control+Space");
    await expect(suggest.locator(".monaco-list-row", { hasText: key }).first()).toBeVisible();
    await page.keyboard.press("Escape");
    for (let i = 0; i < 3; i++) await page.keyboard.press("Backspace");
  }

  // Hover docs come from the zod descriptions; an invalid value is marked while typing.
  await page.keyboard.type("pullPolicy: SOMETIMES");
  await expect(page.locator(".squiggly-warning, .squiggly-error").first()).toBeVisible();
  await page.locator(".view-line").getByText("SOMETIMES").hover();
  await expect(page.locator(".monaco-hover").filter({ hasText: "IF_NOT_PRESENT" })).toBeVisible();
  await page.mouse.move(0, 0);
  await page.locator(".view-line").getByText("pullPolicy", { exact: true }).hover();
  await expect(page.locator(".monaco-hover").filter({ hasText: "When to pull the image" })).toBeVisible();
});
