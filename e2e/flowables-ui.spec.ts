import { expect, test } from "./fixtures";
import { putFlow, startRun, uniqueId } from "./helpers";

const LOG = "io.kestra.plugin.core.log.Log";
const NS = "e2e.flowables";

const flowablesYaml = (id: string) => `id: ${id}
namespace: ${NS}
tasks:
  - id: check
    type: io.kestra.plugin.core.flow.If
    condition: "{{ 1 == 1 }}"
    then:
      - id: yes
        type: ${LOG}
        message: yes
    else:
      - id: no
        type: ${LOG}
        message: no
  - id: fan
    type: io.kestra.plugin.core.flow.Parallel
    tasks:
      - id: p1
        type: ${LOG}
        message: one
      - id: p2
        type: ${LOG}
        message: two
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: ["a", "b"]
    tasks:
      # runs once per value
      - id: work
        type: ${LOG}
        message: "{{ taskrun.value }}"
errors:
  - id: alert
    type: ${LOG}
    message: failed
`;

test("a flow with If, Parallel and ForEach is drawn with its clusters, labelled branches, fan-out and errors lane", async ({
  page,
  request,
}) => {
  const flow = await putFlow(request, flowablesYaml(uniqueId("shape")));
  await page.goto(`/flows/${flow.namespace}/${flow.id}`);
  const graph = page.getByTestId("flow-graph");
  for (const id of ["check", "fan", "each"]) {
    await expect(graph.getByTestId(`cluster-${id}`)).toBeVisible();
    await expect(graph.getByTestId(`node-${id}`)).toHaveAttribute("data-kind", "flowable");
  }
  for (const id of ["yes", "no", "p1", "p2", "work", "alert"])
    await expect(graph.getByTestId(`node-${id}`)).toHaveAttribute("data-kind", "task");
  await expect(graph.getByTestId("lane-errors")).toContainText("errors");
  // If: one labelled edge per branch; Parallel: out to each task and back in; ForEach: a chain inside.
  await expect(graph.getByTestId("rf__edge-check->yes")).toContainText("then");
  await expect(graph.getByTestId("rf__edge-check->no")).toContainText("else");
  for (const edge of [
    "fan->p1",
    "fan->p2",
    "p1->end:fan",
    "p2->end:fan",
    "each->work",
    "work->end:each",
    "end:check->fan",
    "end:fan->each",
    "end:each->alert",
  ]) {
    await expect(graph.getByTestId(`rf__edge-${edge}`)).toHaveCount(1);
  }
  await expect(graph.getByTestId("rf__edge-p1->p2")).toHaveCount(0);
  // A nested task's node sits inside its cluster's box.
  const box = (await graph.getByTestId("cluster-each").boundingBox())!;
  const work = (await graph.getByTestId("node-work").boundingBox())!;
  expect(work.x).toBeGreaterThanOrEqual(box.x);
  expect(work.y + work.height).toBeLessThanOrEqual(box.y + box.height);

  // The flow is wider than the pane at natural size: fit it in view to click any node.
  await graph.getByRole("button", { name: "Fit to view" }).click();
  // Clicking a nested node selects its lines (comment excluded, as for top-level tasks).
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await graph.getByTestId("node-work").click();
  await expect(graph.getByTestId("node-work")).toHaveAttribute("data-selected", "true");
  await page.keyboard.press("ControlOrMeta+C");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    `      - id: work\n        type: ${LOG}\n        message: "{{ taskrun.value }}"`,
  );
  // The cursor in a nested task's lines highlights that task, not its flowable.
  await page.locator(".view-lines").getByText("message: two").click();
  await expect(graph.getByTestId("node-p2")).toHaveAttribute("data-selected", "true");
  await expect(graph.getByTestId("node-fan")).toHaveAttribute("data-selected", "false");
});

test("an If that ran shows which branch ran: its edge and tasks in their state, the other NOT RUN", async ({
  page,
  request,
}) => {
  const flow = await putFlow(
    request,
    flowablesYaml(uniqueId("branch")).replace('condition: "{{ 1 == 1 }}"', 'condition: "{{ 1 == 2 }}"'),
  );
  const id = await startRun(request, flow.namespace, flow.id);
  await page.goto(`/executions/${id}`);
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS", { timeout: 60_000 });
  const graph = page.getByTestId("flow-graph");
  await expect(graph.getByTestId("rf__edge-check->no")).toHaveClass(/branch-SUCCESS/);
  await expect(graph.getByTestId("rf__edge-check->yes")).toHaveClass(/branch-NOT_RUN/);
  await expect(graph.getByTestId("node-yes")).toHaveAttribute("data-state", "NOT RUN");
  await expect(graph.getByTestId("node-no")).toHaveAttribute("data-state", "SUCCESS");
  const list = page.getByTestId("task-runs");
  await expect(list.locator('[data-task="yes"]')).toHaveAttribute("data-state", "NOT RUN");
  await expect(list.locator('[data-task="no"]')).toHaveAttribute("data-state", "SUCCESS");
  // the flow's errors never ran
  await expect(list.locator('[data-task="alert"]')).toHaveAttribute("data-state", "NOT RUN");
  await expect(graph.getByTestId("node-each")).toHaveAttribute("data-state", "SUCCESS");
  await expect(graph.getByTestId("iterations-each").locator("[data-iteration]")).toHaveCount(2);
});

test("adding a task inside a ForEach from the palette writes it after the ForEach's last child", async ({
  page,
  request,
}) => {
  const flow = await putFlow(request, flowablesYaml(uniqueId("addin")));
  await page.goto(`/flows/${flow.namespace}/${flow.id}`);
  const graph = page.getByTestId("flow-graph");
  // The flow is wider than the pane at natural size: fit it in view to click any node.
  await graph.getByRole("button", { name: "Fit to view" }).click();
  await graph.getByTestId("node-each").click();
  await expect(graph.getByTestId("node-each")).toHaveAttribute("data-selected", "true");
  await page.getByRole("button", { name: "+ Add task" }).click();
  const palette = page.getByTestId("task-palette");
  await expect(palette.getByLabel("Add to")).toHaveValue("0");
  await expect(palette.getByLabel("Add to").locator("option:checked")).toHaveText("each › tasks");
  await palette.getByPlaceholder("Search task types…").fill("core.log.Log");
  await palette.getByRole("button", { name: new RegExp(`^${LOG.replaceAll(".", "\\.")}`) }).click();
  await expect(graph.getByTestId("node-log_log")).toBeVisible();
  await expect(graph.getByTestId("rf__edge-work->log_log")).toHaveCount(1);
  await expect(graph.getByTestId("rf__edge-log_log->end:each")).toHaveCount(1);
  // the form edits the new nested task
  await page.getByTestId("task-form").getByLabel("message", { exact: true }).fill("added inside");

  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("status")).toHaveText(/Saved revision 2/);
  const saved = await (await request.get(`/api/v1/flows/${flow.namespace}/${flow.id}?source=true`)).text();
  expect(saved).toContain(
    `      # runs once per value\n      - id: work\n        type: ${LOG}\n        message: "{{ taskrun.value }}"\n      - id: log_log\n        type: ${LOG}\n        message: added inside\nerrors:\n`,
  );
});

test("moving and deleting nested tasks from the form edits only their lists", async ({ page, request }) => {
  const flow = await putFlow(request, flowablesYaml(uniqueId("movedel")));
  await page.goto(`/flows/${flow.namespace}/${flow.id}`);
  const graph = page.getByTestId("flow-graph");
  const panel = page.getByTestId("task-panel");
  // The flow is wider than the pane at natural size: fit it in view to click any node.
  await graph.getByRole("button", { name: "Fit to view" }).click();
  await graph.getByTestId("node-p2").click();
  await expect(panel.getByRole("button", { name: "↓" })).toBeDisabled();
  await panel.getByRole("button", { name: "↑" }).click();
  await graph.getByTestId("node-no").click();
  await panel.getByRole("button", { name: "Delete" }).click();
  await expect(graph.getByTestId("node-no")).toHaveCount(0);
  await expect(graph.getByTestId("rf__edge-check->yes")).toContainText("then");

  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("status")).toHaveText(/Saved revision 2/);
  const saved = await (await request.get(`/api/v1/flows/${flow.namespace}/${flow.id}?source=true`)).text();
  expect(saved).toContain(`    then:\n      - id: yes\n        type: ${LOG}\n        message: yes\n  - id: fan\n`);
  expect(saved).toContain(
    `    tasks:\n      - id: p2\n        type: ${LOG}\n        message: two\n      - id: p1\n        type: ${LOG}\n        message: one\n  - id: each\n`,
  );
  expect(saved).toContain("      # runs once per value\n");
});

test("a running ForEach shows each value's state: one SUCCESS while the next RUNS, then all SUCCESS", async ({
  page,
  request,
}) => {
  const yaml = `id: ${uniqueId("loop")}
namespace: ${NS}
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: ["a", "b", "c"]
    concurrencyLimit: 1
    tasks:
      - id: nap
        type: io.kestra.plugin.scripts.shell.Commands
        docker:
          image: osprey/shell:latest
        commands: ["echo value {{ taskrun.value }}", "sleep 2"]
  - id: after
    type: ${LOG}
    message: done
`;
  const flow = await putFlow(request, yaml);
  const id = await startRun(request, flow.namespace, flow.id);
  await page.goto(`/executions/${id}`);
  const chips = page.getByTestId("iterations-each");
  const chip = (value: string) => chips.locator(`[data-iteration="${value}"]`);
  const states = async () =>
    Promise.all(["a", "b"].map(async (v) => ((await chip(v).count()) ? chip(v).getAttribute("data-state") : null)));
  await expect.poll(states, { timeout: 60_000, intervals: [100] }).toEqual(["SUCCESS", "RUNNING"]);
  // the task list nests the values under the ForEach, the next task waits
  const list = page.getByTestId("task-runs");
  await expect(list.locator('[data-iteration="a"]')).toHaveAttribute("data-state", "SUCCESS");
  await expect(list.locator('[data-task="after"]')).toHaveAttribute("data-state", "CREATED");

  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS", { timeout: 60_000 });
  for (const v of ["a", "b", "c"]) {
    await expect(chip(v)).toHaveAttribute("data-state", "SUCCESS");
    await expect(list.locator(`[data-iteration="${v}"]`)).toHaveAttribute("data-state", "SUCCESS");
    await expect(list.locator(`[data-task="nap"][data-value="${v}"]`)).toHaveAttribute("data-state", "SUCCESS");
  }
  await expect(page.getByTestId("node-each")).toHaveAttribute("data-state", "SUCCESS");
  // The Gantt: a row per value under the ForEach, a bar per task run.
  await expect(page.locator("[data-gantt-iteration]")).toHaveCount(3);
  await expect(page.locator('[data-gantt-bar="nap"]')).toHaveCount(3);
  // Clicking a run filters the log to its task.
  await list.locator('[data-task="nap"][data-value="b"]').getByRole("button", { name: /nap/ }).click();
  await expect(page).toHaveURL(/[?&]task=nap/);
});

test("an execution shows its labels and the flow's outputs", async ({ page, request }) => {
  const id = uniqueId("facts");
  await putFlow(
    request,
    `id: ${id}\nnamespace: e2e.facts\nlabels: {team: data}\ntasks:\n  - id: ret\n    type: io.kestra.plugin.core.debug.Return\n    format: "forty-two"\noutputs:\n  - {id: answer, type: STRING, value: "{{ outputs.ret.value }}"}\n`,
  );
  const executionId = await startRun(request, "e2e.facts", id);
  await page.goto(`/executions/${executionId}`);
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS");
  await expect(page.getByTestId("execution-label")).toHaveText("team:data");
  await expect(page.getByTestId("flow-outputs")).toContainText("answer=forty-two");
  const api = (await (await request.get(`/api/v1/executions/${executionId}`)).json()) as {
    outputs: unknown;
    labels: unknown;
  };
  expect(api.outputs).toEqual({ answer: "forty-two" });
  expect(api.labels).toEqual([
    { key: "team", value: "data" },
    { key: "system.correlationId", value: executionId },
  ]);
});
