import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { putFlow, startRun, uniqueId } from "./helpers";

// axe-core on every page, in the light and the dark theme: no serious or critical violation.
// A violation is reported with its rule, its help text and the first elements it names, so the
// failure says what to fix. Monaco's own DOM is left out (its editor is a third-party widget
// whose textarea axe misreads); the graph, forms and tables around it are checked.

const PAGES = (ns: string, id: string, executionId: string) => [
  "/",
  "/flows",
  "/flows/new",
  `/flows/${ns}/${id}`,
  `/flows/${ns}/${id}/history`,
  "/flows/import",
  "/executions",
  `/executions/${executionId}`,
  "/triggers",
  "/namespaces",
  `/namespaces/${ns}`,
  `/namespaces/${ns}/kv`,
  `/namespaces/${ns}/secrets`,
  `/namespaces/${ns}/files`,
  `/namespaces/${ns}/dependencies`,
  "/task-types",
  "/examples",
  "/examples/foreach",
  "/settings",
  "/users",
  "/workers",
  "/account",
];

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).exclude(".monaco-editor").analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(" ")} (${n.any[0]?.message ?? n.failureSummary ?? ""})`)
          .join(" | ")}`,
    );
}

for (const scheme of ["light", "dark"] as const) {
  test(`every page has no serious or critical accessibility violation (axe-core, ${scheme})`, async ({
    page,
    request,
  }) => {
    test.setTimeout(180_000);
    const ns = "e2e.axe";
    const id = uniqueId("axe");
    await putFlow(
      request,
      `id: ${id}\nnamespace: ${ns}\ninputs:\n  - id: who\n    type: STRING\n    defaults: world\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: "hello {{ inputs.who }}"\n`,
    );
    const executionId = await startRun(request, ns, id);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/");
    await page.evaluate((s) => localStorage.setItem("osprey-theme", s), scheme);
    const found: string[] = [];
    for (const path of PAGES(ns, id, executionId)) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      for (const v of await seriousViolations(page)) found.push(`${path}: ${v}`);
    }
    expect(found).toEqual([]);
  });
}
