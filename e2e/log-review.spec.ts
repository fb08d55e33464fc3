import { expect, test } from "./fixtures";
import { putFlow, startRun, uniqueId } from "./helpers";

const shell = (id: string, commands: string[]) =>
  `  - id: ${id}\n    type: io.kestra.plugin.scripts.shell.Commands\n    docker:\n      image: osprey/shell:latest\n    commands: ${JSON.stringify(commands)}\n`;

async function runToEnd(request: import("@playwright/test").APIRequestContext, yaml: string): Promise<string> {
  const flow = await putFlow(request, yaml);
  const id = await startRun(request, flow.namespace, flow.id);
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/executions/${id}`)).json()) as { state: string }).state, {
      timeout: 120_000,
    })
    .toBe("SUCCESS");
  return id;
}

test("the execution graph turns green task by task while it runs, with a Gantt bar per task", async ({
  page,
  request,
}) => {
  const yaml = `id: ${uniqueId("graph")}\nnamespace: e2e.logs\ntasks:\n${shell("first", ["seq 1 300", "sleep 3"])}${shell("second", ["sleep 2"])}${shell("third", ["sleep 1"])}`;
  const flow = await putFlow(request, yaml);
  const id = await startRun(request, flow.namespace, flow.id);
  await page.goto(`/executions/${id}`);
  const node = (t: string) => page.getByTestId(`node-${t}`);
  await expect(node("first")).toHaveAttribute("data-state", "RUNNING");
  // While it runs the log follows its end; scrolling up stops that, the button resumes it.
  const followButton = page.getByRole("button", { name: /Follow/ });
  await expect(followButton).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("log").locator("span:text-is('300')")).toBeInViewport();
  await page.getByTestId("log").hover();
  await page.mouse.wheel(0, -2000);
  await expect(followButton).toHaveAttribute("aria-pressed", "false");
  await followButton.click();
  await expect(followButton).toHaveAttribute("aria-pressed", "true");
  await expect(node("first")).toHaveAttribute("data-state", "SUCCESS");
  // the first is green while the last has not finished
  expect(await node("third").getAttribute("data-state")).not.toBe("SUCCESS");
  await expect(node("second")).toHaveAttribute("data-state", /RUNNING|SUCCESS/);
  await expect(node("third")).toHaveAttribute("data-state", "SUCCESS", { timeout: 30_000 });
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS");
  await expect(page.locator("[data-gantt-bar]")).toHaveCount(3);

  // Clicking a task filters the log to it, through the URL.
  await node("second").click();
  await expect(page).toHaveURL(/[?&]task=second/);
  await expect(page.getByLabel("Task")).toHaveValue("second");
});

test("search over a 100,000-line log finds every match; the view is in the URL; download returns every line", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const yaml = `id: ${uniqueId("big")}\nnamespace: e2e.logs\ntasks:\n${shell("hay", ['awk \'BEGIN{for(i=1;i<=100000;i++) print (i%7==0 ? "needle " : "hay ") i}\''])}${shell("tail", ["echo tail-line"])}`;
  const id = await runToEnd(request, yaml);

  await page.goto(`/executions/${id}`);
  await expect(page.getByTestId("shown-count")).toHaveText(/^100,0\d\d lines$/, { timeout: 60_000 });
  await page.getByLabel("Search the log").fill("needle");
  await expect(page.getByTestId("match-count")).toHaveText("1 / 14,285");
  await expect(page).toHaveURL(/[?&]q=needle/);
  await expect(page.getByTestId("log").locator("mark").first()).toHaveText("needle");
  await page.getByLabel("Next match").click();
  await expect(page.getByTestId("match-count")).toHaveText("2 / 14,285");
  // Only what is on screen is in the page.
  expect(await page.getByTestId("log").locator("[data-seq]").count()).toBeLessThan(200);

  // The link reproduces the view: a task filter and the search.
  await page.getByLabel("Task").selectOption("tail");
  await expect(page).toHaveURL(/[?&]task=tail/);
  const other = await page.context().newPage();
  await other.goto(page.url());
  await expect(other.getByLabel("Task")).toHaveValue("tail");
  await expect(other.getByLabel("Search the log")).toHaveValue("needle");
  await expect(other.getByTestId("match-count")).toHaveText("0 matches");
  await other.close();

  const download = await request.get(`/api/v1/logs/${id}/download`);
  expect(download.headers()["content-disposition"]).toContain(`${id}.log`);
  const text = await download.text();
  const lines = text.split("\n").filter(Boolean);
  expect(lines.filter((l) => / \[hay\] (hay|needle) \d+$/.test(l))).toHaveLength(100_000);
  expect(lines.filter((l) => l.endsWith("needle 99995"))).toHaveLength(1);
  const oneTask = await (await request.get(`/api/v1/logs/${id}/download?taskId=tail`)).text();
  expect(oneTask).toContain("[tail] tail-line");
  expect(oneTask).not.toContain("[hay]");
});

test("a permalink opened in a new page scrolls to its line and highlights it", async ({ page, request, browser }) => {
  const yaml = `id: ${uniqueId("link")}\nnamespace: e2e.logs\ntasks:\n${shell("count", ["seq 1 5000 | sed 's/^/row /'"])}`;
  const id = await runToEnd(request, yaml);
  await page.goto(`/executions/${id}`);
  const log = page.getByTestId("log");
  await expect(page.getByTestId("shown-count")).toHaveText(/^5,0\d\d lines$/);
  // A finished execution opens at its start, not following.
  await expect(page.getByRole("button", { name: /Follow/ })).toHaveAttribute("aria-pressed", "false");

  const context = await browser.newContext({ storageState: "e2e/.auth/admin.json" });
  const reader = await context.newPage();
  const seq = await (async () => {
    const res = (await (await request.get(`/api/v1/logs/${id}?limit=10000`)).json()) as {
      lines: { seq: number; message: string }[];
    };
    return res.lines.find((l) => l.message === "row 4000")!.seq;
  })();
  await reader.goto(`/executions/${id}#L${seq}`);
  const row = reader.getByTestId("log").locator(`[data-seq="${seq}"]`);
  await expect(row).toBeInViewport();
  await expect(row).toHaveAttribute("data-marked", "true");
  await expect(row).toContainText("row 4000");
  await context.close();

  // Clicking a line number makes the permalink.
  await log.locator("[data-seq]").last().locator("a").click();
  await expect(page).toHaveURL(/#L\d+$/);
});

test("jump to the first error and filter by level", async ({ page, request }) => {
  const yaml = `id: ${uniqueId("err")}\nnamespace: e2e.logs\ntasks:\n  - id: noisy\n    type: io.kestra.plugin.scripts.shell.Commands\n    allowFailure: true\n    docker:\n      image: osprey/shell:latest\n    commands: ["seq 1 3000", "echo broken >&2", "seq 1 3000", "exit 3"]\n`;
  const flow = await putFlow(request, yaml);
  const id = await startRun(request, flow.namespace, flow.id);
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/executions/${id}`)).json()) as { state: string }).state, {
      timeout: 60_000,
    })
    .toBe("WARNING");
  await page.goto(`/executions/${id}?level=ERROR`);
  await expect(page.getByRole("button", { name: "ERROR", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("log").locator("[data-seq]").first()).toContainText("ERROR");
  await page.getByRole("button", { name: "ERROR", exact: true }).click();
  await expect(page).not.toHaveURL(/level=/);
  await page.getByRole("button", { name: "First error" }).click();
  await expect(page.getByTestId("log").getByText("command exited with code 3")).toBeInViewport();
});
