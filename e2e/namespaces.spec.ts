import type { Browser, Page } from "@playwright/test";
import { createUser, grantNamespaces, signIn, TEST_ADMIN, TEST_PASSWORD } from "../lib/testing/accounts";
import { expect, test } from "./fixtures";
import { putFlow, startRun, uniqueId } from "./helpers";

const log = (ns: string, id: string) =>
  `id: ${id}\nnamespace: ${ns}\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: hi from ${id}\n`;

/** Three namespaces under one root: sales calls shared (Subflow) and starts ops (ops' Flow trigger). */
async function seed(request: import("@playwright/test").APIRequestContext) {
  const root = uniqueId("nsp").toLowerCase();
  const ns = { root, sales: `${root}.sales`, shared: `${root}.shared`, ops: `${root}.ops` };
  await putFlow(request, log(ns.shared, "notify"));
  await putFlow(
    request,
    `id: caller\nnamespace: ${ns.sales}\ntasks:\n  - id: run\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: ${ns.shared}\n    flowId: notify\n`,
  );
  await putFlow(
    request,
    `id: audit\nnamespace: ${ns.ops}\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: audited\ntriggers:\n  - id: after_caller\n    type: io.kestra.plugin.core.trigger.Flow\n    conditions:\n      - type: io.kestra.plugin.core.condition.ExecutionFlow\n        namespace: ${ns.sales}\n        flowId: caller\n`,
  );
  await putFlow(request, log(ns.sales, "hello"));
  await putFlow(
    request,
    `id: broken\nnamespace: ${ns.sales}\ntasks:\n  - id: fail\n    type: io.kestra.plugin.core.execution.Fail\n    errorMessage: broken on purpose\n`,
  );
  const runs = [await startRun(request, ns.sales, "hello"), await startRun(request, ns.sales, "broken")];
  for (const id of runs)
    await expect
      .poll(async () => ((await (await request.get(`/api/v1/executions/${id}`)).json()) as { state: string }).state)
      .toMatch(/SUCCESS|FAILED/);
  const kv = await request.put(`/api/v1/namespaces/${ns.sales}/kv/greeting`, {
    data: '"hello"',
    headers: { "Content-Type": "application/json" },
  });
  expect(kv.status()).toBeLessThan(300);
  expect(
    (
      await request.put(`/api/v1/namespaces/${ns.sales}/secrets`, { data: { key: "API_KEY", value: "s3cr3t-v4lue" } })
    ).status(),
  ).toBe(204);
  const file = await request.post(`/api/v1/namespaces/${ns.sales}/files?path=/scripts/hi.sh`, {
    multipart: { fileContent: { name: "hi.sh", mimeType: "text/plain", buffer: Buffer.from("echo hi\n") } },
  });
  expect(file.status(), await file.text()).toBe(200);
  return { ns, runs };
}

test("the namespaces list and a namespace's tabs: overview, flows, executions, files, KV, secrets, dependencies", async ({
  page,
  request,
}) => {
  const { ns, runs } = await seed(request);

  await page.goto(`/namespaces?q=${ns.root}`);
  const rows = page.getByTestId("namespaces").locator("tbody tr");
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).toHaveAttribute("data-namespace", ns.root);
  const sales = page.locator(`tr[data-namespace="${ns.sales}"]`);
  // Flows 3, one KV pair, one secret, files.
  await expect(sales.locator("td")).toHaveText([ns.sales, "3", "1", "1", "yes"]);
  await sales.getByRole("link", { name: ns.sales }).click();

  await expect(page).toHaveURL(new RegExp(`/namespaces/${ns.sales}$`));
  await expect(page.getByTestId("namespace-title")).toHaveText(ns.sales);
  const tabs = page.getByTestId("namespace-tabs").getByRole("link");
  await expect(tabs).toHaveText(["Overview", "Flows", "Executions", "Files", "KV", "Secrets", "Dependencies"]);
  await expect(page.getByTestId("overview-flows")).toContainText("3");
  await expect(page.getByTestId("overview-recent").locator("tr[data-execution]")).toHaveCount(2);
  const failures = page.getByTestId("overview-failures");
  await expect(failures.locator(`tr[data-execution="${runs[1]}"]`)).toContainText("broken on purpose");
  await expect(failures.locator(`tr[data-execution="${runs[0]}"]`)).toHaveCount(0);

  await tabs.filter({ hasText: "Flows" }).click();
  await expect(page).toHaveURL(new RegExp(`/namespaces/${ns.sales}/flows$`));
  await expect(page.getByRole("link", { name: "caller", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "notify", exact: true })).toHaveCount(0);

  await tabs.filter({ hasText: "Executions" }).click();
  await expect(page.getByTestId("namespace-execution-rows").locator("tr[data-execution]")).toHaveCount(2);

  // The keyboard reaches a tab: focus it, Enter.
  await tabs.filter({ hasText: "Files" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/namespaces/${ns.sales}/files$`));
  const pane = page.getByTestId("files-pane");
  await pane.locator('[data-testid="file-row"][data-path="scripts"]').getByRole("button").first().click();
  await pane.locator('[data-testid="file-row"][data-path="scripts/hi.sh"]').getByRole("button").first().click();
  await expect(pane.getByTestId("open-file")).toHaveText("/scripts/hi.sh");
  // Monaco from the app's bundle, in the tab as in the flow editor.
  await expect(pane.getByTestId("file-editor").locator(".monaco-editor")).toContainText("echo hi");

  await tabs.filter({ hasText: /^KV$/ }).click();
  await expect(page.getByTestId("kv-row-greeting")).toContainText("hello");
  await expect(page).toHaveURL(new RegExp(`/namespaces/${ns.sales}/kv$`)); // the tab keeps its own address

  await tabs.filter({ hasText: "Secrets" }).click();
  await expect(page.getByTestId("secret-row-API_KEY")).toBeVisible();
  await expect(page.getByText("s3cr3t-v4lue")).toHaveCount(0);

  // The tab in the query string opens it too.
  await page.goto(`/namespaces/${ns.sales}?tab=dependencies`);
  await expect(page).toHaveURL(new RegExp(`/namespaces/${ns.sales}/dependencies$`));
  const graph = page.getByTestId("dependency-graph");
  for (const uid of [`${ns.sales}_caller`, `${ns.shared}_notify`, `${ns.ops}_audit`, `${ns.sales}_hello`])
    await expect(graph.getByTestId(`dep-node-${uid}`)).toBeVisible();
  const list = page.getByTestId("dependency-list").locator("li");
  await expect(list).toHaveCount(2);
  await expect(list.and(page.locator('[data-relation="FLOW_TASK"]'))).toHaveText(
    `${ns.sales}.caller runs ${ns.shared}.notify`,
  );
  await expect(list.and(page.locator('[data-relation="FLOW_TRIGGER"]'))).toHaveText(
    `${ns.sales}.caller starts, by its Flow trigger, ${ns.ops}.audit`,
  );
  // Two edges drawn, the Flow trigger's dashed.
  await expect(graph.locator(".react-flow__edge")).toHaveCount(2);

  // The same graph over the API, in Kestra's shape.
  const api = (await (await request.get(`/api/v1/namespaces/${ns.sales}/dependencies`)).json()) as {
    edges: { source: string; target: string; relation: string }[];
  };
  expect(api.edges).toEqual([
    { source: `${ns.sales}_caller`, target: `${ns.ops}_audit`, relation: "FLOW_TRIGGER" },
    { source: `${ns.sales}_caller`, target: `${ns.shared}_notify`, relation: "FLOW_TASK" },
  ]);

  // A node opens its flow, in another namespace.
  await graph.getByTestId(`dep-node-${ns.ops}_audit`).getByRole("link", { name: "audit" }).click();
  await expect(page).toHaveURL(new RegExp(`/flows/${ns.ops}/audit$`));
  await expect(page.locator(".monaco-editor").first()).toBeVisible();
});

/** A browser with no session, signed in through the sign-in page. */
async function signInAs(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/namespaces");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("whoami")).toContainText(email);
  return page;
}

test("a person with only a viewer role on one namespace sees that namespace, its tabs but Secrets, and no flow beyond it", async ({
  browser,
  request,
  baseURL,
}) => {
  const { ns } = await seed(request);
  const admin = await signIn(baseURL!, TEST_ADMIN.email, TEST_ADMIN.password);
  const email = `${uniqueId("nsviewer")}@osprey.test`;
  await grantNamespaces(baseURL!, admin, await createUser(baseURL!, admin, email, "none"), [
    { namespace: ns.sales, role: "viewer" },
  ]);
  const page = await signInAs(browser, email);

  await expect(page).toHaveURL(/\/namespaces$/);
  await page.getByLabel("Filter namespaces").fill(ns.root);
  await page.getByRole("button", { name: "Filter" }).click();
  const rows = page.getByTestId("namespaces").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  // No secret count: a viewer does not manage secrets.
  await expect(rows.locator("td")).toHaveText([ns.sales, "3", "1", "", "yes"]);

  await page.goto(`/namespaces/${ns.sales}`);
  await expect(page.getByTestId("namespace-tabs").getByRole("link")).toHaveText([
    "Overview",
    "Flows",
    "Executions",
    "Files",
    "KV",
    "Dependencies",
  ]);
  await page.goto(`/namespaces/${ns.sales}/secrets`);
  await expect(page.getByTestId("secrets-refused")).toContainText("your role in");
  expect((await page.request.get(`/api/v1/namespaces/${ns.sales}/secrets`)).status()).toBe(403);

  // Their graph keeps the flows of sales, not the callee in shared nor the listener in ops.
  await page.goto(`/namespaces/${ns.sales}/dependencies`);
  await expect(page.getByTestId(`dep-node-${ns.sales}_caller`)).toBeVisible();
  await expect(page.getByTestId(`dep-node-${ns.shared}_notify`)).toHaveCount(0);
  await expect(page.getByTestId(`dep-node-${ns.ops}_audit`)).toHaveCount(0);
  await expect(page.getByText("No flow here calls or starts another.")).toBeVisible();

  await page.goto(`/namespaces/${ns.ops}`);
  await expect(page.getByTestId("no-role-here")).toBeVisible();
  await expect(page.getByTestId("namespace-tabs")).toHaveCount(0);
  expect((await page.request.get(`/api/v1/namespaces/${ns.ops}/dependencies`)).status()).toBe(403);
  await page.context().close();
});

for (const width of [1280, 1440])
  test(`the top navigation fits on one line at ${width} px and names every page`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/namespaces");
    const header = page.getByTestId("top-nav");
    await expect(header.getByRole("link", { name: "Namespaces" })).toBeVisible();
    for (const name of ["Dashboard", "Flows", "Executions", "Triggers", "Task types", "Settings", "Users", "Workers"])
      await expect(header.getByRole("navigation", { name: "Main" }).getByRole("link", { name })).toBeVisible();
    expect(await header.evaluate((h) => h.scrollWidth <= h.clientWidth)).toBe(true);
    // Every link and button is one line of text high: nothing wraps.
    for (const item of await header.locator("a, button").all()) {
      const box = (await item.boundingBox())!;
      expect(box.height, String(await item.textContent())).toBeLessThanOrEqual(28);
    }
  });
