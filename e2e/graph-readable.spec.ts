import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { putFlow, startRun, uniqueId } from "./helpers";

const LOG = "io.kestra.plugin.core.log.Log";
const NS = "e2e.graph";
test.use({ viewport: { width: 1440, height: 900 } });

const log = (id: string, indent = "  ") => `${indent}- id: ${id}\n${indent}  type: ${LOG}\n${indent}  message: ${id}\n`;

/** 13 tasks: a chain with a Parallel and a Sequential in it, wider than the editor's pane at natural size. */
const TASKS = ["start", "fetch", "fan", "p1", "p2", "p3", "steps", "s1", "s2", "s3", "report", "notify", "done"];
const thirteen = (id: string) =>
  `id: ${id}\nnamespace: ${NS}\ntasks:\n${log("start")}${log("fetch")}` +
  `  - id: fan\n    type: io.kestra.plugin.core.flow.Parallel\n    tasks:\n${["p1", "p2", "p3"].map((t) => log(t, "      ")).join("")}` +
  `  - id: steps\n    type: io.kestra.plugin.core.flow.Sequential\n    tasks:\n${["s1", "s2", "s3"].map((t) => log(t, "      ")).join("")}` +
  `${log("report")}${log("notify")}${log("done")}`;

type Box = { x: number; y: number; width: number; height: number };
const inside = (b: Box, pane: Box) =>
  b.x >= pane.x - 0.5 &&
  b.y >= pane.y - 0.5 &&
  b.x + b.width <= pane.x + pane.width + 0.5 &&
  b.y + b.height <= pane.y + pane.height + 0.5;
const boxOf = async (l: Locator) => {
  const b = await l.boundingBox();
  if (!b) throw new Error(`${await l.getAttribute("data-testid")} has no box`);
  return b;
};

/** A point of the pane with nothing drawn on it: a drag from there pans, as a reader's would. */
async function emptyPoint(page: Page, pane: Box): Promise<{ x: number; y: number }> {
  const point = await page.evaluate((p) => {
    for (let fy = 0.5; fy < 0.95; fy += 0.05)
      for (let fx = 0.3; fx < 0.95; fx += 0.05) {
        const [x, y] = [p.x + p.width * fx, p.y + p.height * fy];
        if (document.elementFromPoint(x, y)?.classList.contains("react-flow__pane")) return { x, y };
      }
    return null;
  }, pane);
  if (!point) throw new Error("no empty point in the graph's pane");
  return point;
}

async function panBy(page: Page, pane: Box, dx: number, dy: number) {
  const from = await emptyPoint(page, pane);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + dx, from.y + dy, { steps: 8 });
  await page.mouse.up();
}

/** Focuses the graph's one tab stop by keyboard: Tab on from the toolbar's last button. */
async function tabIntoGraph(page: Page, graph: Locator) {
  await graph.getByRole("button", { name: "↓ Vertical" }).focus();
  await page.keyboard.press("Tab");
}

/** Opens a flow in the editor once the YAML editor is up: it takes the focus when it mounts. */
async function openEditor(page: Page, flow: { namespace: string; id: string }) {
  await page.goto(`/flows/${flow.namespace}/${flow.id}`);
  await expect(page.locator(".monaco-editor .view-lines")).toContainText("id: start");
}

const focusedNode = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest(".react-flow__node")?.getAttribute("data-id") ?? null);

test("the 13-task flow opens readable in the editor: nodes at natural size, the start in view, the rest a pan away, F fits", async ({
  page,
  request,
}) => {
  const flow = await putFlow(request, thirteen(uniqueId("readable")));
  await openEditor(page, flow);
  const graph = page.getByTestId("flow-graph");
  const node = (t: string) => graph.getByTestId(`node-${t}`);
  for (const t of TASKS) await expect(node(t)).toBeVisible();
  const pane = await boxOf(graph.locator(".react-flow"));
  // On first paint: every node tall enough to read, the flow's start in view.
  for (const t of TASKS) expect((await boxOf(node(t))).height, t).toBeGreaterThanOrEqual(32);
  expect(inside(await boxOf(node("start")), pane)).toBe(true);
  const outOfView = [];
  for (const t of TASKS) if (!inside(await boxOf(node(t)), pane)) outOfView.push(t);
  expect(outOfView.length).toBeGreaterThan(0);
  // A large graph has an overview.
  await expect(graph.getByTestId("rf__minimap")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("editor-opening.png") });

  // Every node can be brought into view by dragging the pane.
  for (const t of TASKS) {
    const b = await boxOf(node(t));
    if (!inside(b, pane))
      await panBy(
        page,
        pane,
        pane.x + pane.width / 2 - (b.x + b.width / 2),
        pane.y + pane.height / 2 - (b.y + b.height / 2),
      );
    expect(inside(await boxOf(node(t)), pane), `${t} in view after panning`).toBe(true);
    expect((await boxOf(node(t))).height).toBeGreaterThanOrEqual(32);
  }

  // F, with the focus in the graph, fits the whole flow in view.
  await tabIntoGraph(page, graph);
  expect(await focusedNode(page)).toBe("start");
  await page.keyboard.press("f");
  for (const t of TASKS) await expect.poll(async () => inside(await boxOf(node(t)), pane), { message: t }).toBe(true);
});

test("arrows move between nodes and Enter opens the task's form; typing in the YAML still types", async ({
  page,
  request,
}) => {
  const flow = await putFlow(request, thirteen(uniqueId("keys")));
  await openEditor(page, flow);
  const graph = page.getByTestId("flow-graph");
  await expect(graph.getByTestId("node-start")).toBeVisible();
  await tabIntoGraph(page, graph);
  expect(await focusedNode(page)).toBe("start");
  await page.keyboard.press("ArrowRight");
  expect(await focusedNode(page)).toBe("fetch");
  await page.keyboard.press("ArrowRight");
  expect(await focusedNode(page)).toBe("fan");
  // From a Parallel's header → goes to its branch most in line; ↓ to the next branch.
  await page.keyboard.press("ArrowRight");
  const branch = await focusedNode(page);
  expect(["p1", "p2", "p3"]).toContain(branch);
  await page.keyboard.press("ArrowLeft");
  expect(await focusedNode(page)).toBe("fan");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Enter");
  const panel = page.getByTestId("task-panel");
  await expect(panel).toContainText("fetch");
  await expect(graph.getByTestId("node-fetch")).toHaveAttribute("data-selected", "true");
  // The form takes the focus: typing goes into its first field.
  await expect(page.getByTestId("task-form").locator(":focus")).toHaveCount(1);

  // Keys typed in the YAML (arrows, space, Enter, f) stay in the YAML.
  await page.locator(".view-lines").getByText("message: done").click();
  await page.keyboard.press("End");
  await page.keyboard.type(" and f");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowRight");
  await expect(page.locator(".view-lines")).toContainText("message: done and f");
  await expect(graph.getByTestId("node-done")).toHaveAttribute("data-selected", "true");
});

test("a Parallel collapses to one node and expands again; the layout switch turns the graph and is remembered", async ({
  page,
  request,
}) => {
  const flow = await putFlow(request, thirteen(uniqueId("fold")));
  await openEditor(page, flow);
  const graph = page.getByTestId("flow-graph");
  const node = (t: string) => graph.getByTestId(`node-${t}`);
  await expect(node("p1")).toBeVisible();
  // The Parallel is past the pane's edge at natural size: the arrow keys bring it into view.
  await tabIntoGraph(page, graph);
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  expect(await focusedNode(page)).toBe("fan");
  expect(inside(await boxOf(node("fan")), await boxOf(graph.locator(".react-flow")))).toBe(true);
  await graph.getByRole("button", { name: "Collapse fan" }).click();
  await expect(node("p1")).toHaveCount(0);
  await expect(graph.getByTestId("cluster-fan")).toHaveCount(0);
  await expect(node("fan")).toHaveAttribute("data-collapsed", "true");
  await expect(graph.getByTestId("toggle-fan")).toHaveText("+3");
  // The flow goes on through the collapsed node.
  await expect(graph.getByTestId("rf__edge-fetch->fan")).toHaveCount(1);
  await expect(graph.getByTestId("rf__edge-fan->steps")).toHaveCount(1);
  await graph.getByRole("button", { name: "Expand fan" }).click();
  await expect(node("p1")).toBeVisible();
  await expect(node("fan")).toHaveAttribute("data-collapsed", "false");
  await expect(graph.getByTestId("rf__edge-end:fan->steps")).toHaveCount(1);
  // From the keyboard: the node last used is the graph's tab stop, Space folds it and unfolds it.
  await tabIntoGraph(page, graph);
  expect(await focusedNode(page)).toBe("fan");
  await page.keyboard.press(" ");
  await expect(node("fan")).toHaveAttribute("data-collapsed", "true");
  await page.keyboard.press(" ");
  await expect(node("p1")).toBeVisible();

  // Left to right at first: the second task beside the first.
  const [a, b] = [await boxOf(node("start")), await boxOf(node("fetch"))];
  expect(b.x).toBeGreaterThan(a.x + a.width);
  expect(Math.abs(b.y - a.y)).toBeLessThan(a.height);
  await graph.getByRole("button", { name: "↓ Vertical" }).click();
  await expect(graph.getByRole("button", { name: "↓ Vertical" })).toHaveAttribute("aria-pressed", "true");
  const below = async () => {
    const [s, f] = [await boxOf(node("start")), await boxOf(node("fetch"))];
    return f.y > s.y + s.height && Math.abs(f.x - s.x) < s.width;
  };
  await expect.poll(below).toBe(true);
  // Edges leave a node's bottom and reach the next one's top.
  const edgeBox = async () => {
    const [s, f] = [await boxOf(node("start")), await boxOf(node("fetch"))];
    const e = await boxOf(graph.getByTestId("rf__edge-start->fetch").locator("path").first());
    return e.y >= s.y + s.height - 4 && e.y + e.height <= f.y + 4;
  };
  await expect.poll(edgeBox).toBe(true);
  await page.screenshot({ path: test.info().outputPath("editor-vertical.png") });
  // Remembered: after a reload the graph opens top to bottom, still readable with its start in view.
  await page.reload();
  await expect(node("fetch")).toBeVisible();
  await expect(graph.getByRole("button", { name: "↓ Vertical" })).toHaveAttribute("aria-pressed", "true");
  expect(await below()).toBe(true);
  const pane = await boxOf(graph.locator(".react-flow"));
  expect(inside(await boxOf(node("start")), pane)).toBe(true);
  expect((await boxOf(node("start"))).height).toBeGreaterThanOrEqual(32);
});

test("on the execution page of a ForEach in a Switch in a ForEach, a collapsed group counts its tasks' states; Enter picks a task", async ({
  page,
  request,
}) => {
  const yaml = `id: ${uniqueId("nested")}
namespace: ${NS}
tasks:
  - id: outer
    type: io.kestra.plugin.core.flow.ForEach
    values: ["a", "b"]
    tasks:
      - id: pick
        type: io.kestra.plugin.core.flow.Switch
        value: "{{ taskrun.value }}"
        cases:
          a:
            - id: inner
              type: io.kestra.plugin.core.flow.ForEach
              values: [1, 2, 3]
              tasks:
${log("work", "                ")}          c:
${log("never", "            ")}        defaults:
${log("other", "          ")}`;
  const flow = await putFlow(request, yaml);
  const id = await startRun(request, flow.namespace, flow.id);
  await page.goto(`/executions/${id}`);
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS", { timeout: 60_000 });
  const graph = page.getByTestId("flow-graph");
  const node = (t: string) => graph.getByTestId(`node-${t}`);
  await expect(node("work")).toHaveAttribute("data-state", "SUCCESS");
  for (const t of ["outer", "pick", "inner", "work", "never", "other"])
    expect((await boxOf(node(t))).height, t).toBeGreaterThanOrEqual(32);

  // Keyboard: into the graph, → to the Switch, Enter shows that task's runs and log.
  await tabIntoGraph(page, graph);
  expect(await focusedNode(page)).toBe("outer");
  await page.keyboard.press("ArrowRight");
  expect(await focusedNode(page)).toBe("pick");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/[?&]task=pick/);
  await expect(page.getByTestId("task-runs").locator('[data-task="pick"]').first()).toHaveClass(/border-sky-400/);

  // Collapsed, the outer loop counts what ran inside it: work three times and other once, never not at all.
  await graph.getByRole("button", { name: "Collapse outer" }).click();
  await expect(node("work")).toHaveCount(0);
  const summary = graph.getByTestId("summary-outer");
  await expect(summary.locator('[data-state="SUCCESS"]')).toHaveAttribute("data-count", "4");
  await expect(summary.locator('[data-state="NOT RUN"]')).toHaveAttribute("data-count", "1");
  await expect(summary.locator("[data-state]")).toHaveCount(2);
  await page.screenshot({ path: test.info().outputPath("execution-collapsed.png") });
  // The inner loop alone, collapsed inside the open outer one: its one task's three runs.
  await graph.getByRole("button", { name: "Expand outer" }).click();
  await graph.getByRole("button", { name: "Collapse inner" }).click();
  await expect(graph.getByTestId("summary-inner").locator('[data-state="SUCCESS"]')).toHaveAttribute("data-count", "3");
  await expect(node("pick")).toBeVisible();
});
