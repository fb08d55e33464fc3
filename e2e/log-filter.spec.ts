import { expect, test } from "./fixtures";
import { putFlow, startRun, uniqueId } from "./helpers";

// The log filtered to one ForEach iteration from the task list; the filter lives in the URL, so a
// reload (or a shared link) shows the same lines.

test("a log filtered to one ForEach iteration keeps its filter in the URL across a reload", async ({
  page,
  request,
}) => {
  const flow = await putFlow(
    request,
    `id: ${uniqueId("iterations")}
namespace: e2e.logfilter
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: ["alpha", "beta", "gamma"]
    tasks:
      - id: say
        type: io.kestra.plugin.core.log.Log
        message: "value {{ taskrun.value }}"
      - id: again
        type: io.kestra.plugin.core.log.Log
        message: "again {{ taskrun.value }}"
  - id: done
    type: io.kestra.plugin.core.log.Log
    message: all done
`,
  );
  const id = await startRun(request, flow.namespace, flow.id);
  await page.goto(`/executions/${id}`);
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS", { timeout: 60_000 });
  const log = page.getByTestId("log");
  await expect(log).toContainText("value alpha");
  await expect(log).toContainText("all done");

  // The beta iteration: both of its tasks' lines, nothing of the others.
  const beta = page.locator('[data-iteration="beta"]');
  await beta.getByRole("button", { name: "Logs of this run" }).click();
  await expect(page).toHaveURL(/[?&]taskRunId=[^&]+%2C[^&]+/);
  await expect(page.getByTestId("run-filter")).toContainText("each [beta]");
  await expect(log).toContainText("value beta");
  await expect(log).toContainText("again beta");
  await expect(log).not.toContainText("alpha");
  await expect(log).not.toContainText("all done");
  await expect(beta.getByRole("button", { name: "Logs of this run" })).toHaveAttribute("aria-pressed", "true");

  await page.reload();
  await expect(page.getByTestId("run-filter")).toContainText("each [beta]");
  await expect(log).toContainText("again beta");
  await expect(log).not.toContainText("gamma");
  await expect(log).not.toContainText("all done");

  // One task run of the iteration; its download holds its lines only.
  const gammaSay = page.locator('[data-task="say"][data-value="gamma"]');
  await gammaSay.getByRole("button", { name: "Logs of this run" }).click();
  await expect(page.getByTestId("run-filter")).toContainText("say [gamma]");
  await expect(log).toContainText("value gamma");
  await expect(log).not.toContainText("again gamma");
  const href = await page.getByRole("link", { name: "Download" }).getAttribute("href");
  expect(href).toMatch(/[?&]taskRunId=/);
  const text = await (await request.get(href!)).text();
  expect(text).toContain("value gamma");
  expect(text).not.toContain("again gamma");

  // Clearing the filter shows every line again, and leaves the URL.
  await page.getByRole("button", { name: "Show every task run's lines" }).click();
  await expect(page).not.toHaveURL(/taskRunId=/);
  await expect(log).toContainText("all done");
});
