import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { putFlow, startRun, uniqueId } from "./helpers";

// Every control is reachable by keyboard with a visible focus: on each page, Tab walks through the
// first stops and each focused element must show a focus ring (an outline of at least 2 px, or a
// box-shadow ring), in the light and the dark theme. Monaco draws its own cursor and is left out.

const STOPS = 25;

const PAGES = (ns: string, id: string, executionId: string) => [
  "/",
  "/flows",
  `/flows/${ns}/${id}`,
  "/executions",
  `/executions/${executionId}`,
  "/namespaces",
  `/namespaces/${ns}`,
  "/examples",
  "/settings",
];

/** What the focused element shows, or null when it has no visible ring; the body means the walk left the page. */
function focusedRing(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body || el.closest(".monaco-editor")) return { skip: true, ring: true, what: "" };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow !== "none" && style.boxShadow !== "";
    const what = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 30)}"`;
    return { skip: false, ring: outline || shadow, what };
  });
}

for (const scheme of ["light", "dark"] as const) {
  test(`Tab reaches the controls of every page with a visible focus ring (${scheme})`, async ({ page, request }) => {
    test.setTimeout(180_000);
    const ns = "e2e.focus";
    const id = uniqueId("focus");
    await putFlow(
      request,
      `id: ${id}\nnamespace: ${ns}\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hello\n`,
    );
    const executionId = await startRun(request, ns, id);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/");
    await page.evaluate((s) => localStorage.setItem("osprey-theme", s), scheme);
    const missing: string[] = [];
    for (const path of PAGES(ns, id, executionId)) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      // The walk starts at the top of the page (the editor page puts the cursor in Monaco, where Tab
      // indents; Monaco's Ctrl+M lets Tab leave it).
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      let reached = 0;
      for (let i = 0; i < STOPS; i++) {
        await page.keyboard.press("Tab");
        const focused = await focusedRing(page);
        if (focused.skip) continue;
        reached += 1;
        if (!focused.ring) missing.push(`${path}: ${focused.what}`);
      }
      // A page whose controls Tab never reaches fails too.
      if (reached === 0) missing.push(`${path}: Tab reached no control`);
    }
    expect(missing).toEqual([]);
  });
}
