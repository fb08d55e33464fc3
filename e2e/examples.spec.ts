import { authHeaders, expect, test } from "./fixtures";
import { uniqueId } from "./helpers";

test("examples: filter by tag and text, open one, Use it in a namespace, land in the editor with its YAML, run it", async ({
  page,
  request,
}) => {
  // The API lists the same gallery, filtered the same way.
  const listed = (await (await request.get("/api/v1/examples?tag=python&q=outputs")).json()) as {
    results: { id: string; tags: string[] }[];
    total: number;
  };
  expect(listed.total).toBeGreaterThanOrEqual(30);
  expect(listed.results.map((r) => r.id)).toContain("python-script");
  expect(listed.results.every((r) => r.tags.includes("Python"))).toBe(true);

  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Examples" }).click();
  await expect(page).toHaveURL(/\/examples$/);
  const cards = page.getByTestId("example-cards").locator("li");
  const all = await cards.count();
  expect(all).toBeGreaterThanOrEqual(30);

  // A tag narrows the cards and goes into the URL; text narrows them further.
  await page.getByTestId("tag-Python").click();
  await expect(page).toHaveURL(/[?&]tag=Python/);
  await expect.poll(() => cards.count()).toBeLessThan(all);
  for (const tags of await cards.allInnerTexts()) expect(tags).toContain("Python");
  await page.getByTestId("examples-search").fill("kestra library");
  await expect(page).toHaveURL(/[?&]q=kestra\+library/);
  await expect(cards).toHaveCount(1);
  await page.getByTestId("examples-search").fill("");
  await expect(page.locator('[data-example="python-script"]')).toBeVisible();
  // The filters live in the URL: a reload shows the same view.
  await page.reload();
  await expect(page.getByTestId("tag-Python")).toHaveAttribute("aria-pressed", "true");

  // Open one: its description, its YAML read-only (without the gallery's header) and its graph.
  await page.locator('[data-example="python-script"] a').click();
  await expect(page).toHaveURL(/\/examples\/python-script$/);
  await expect(page.getByRole("heading", { name: "Python script with outputs" })).toBeVisible();
  const yaml = page.getByTestId("example-yaml");
  await expect(yaml).toContainText("id: python-script");
  await expect(yaml).not.toContainText("extend:");
  await expect(page.locator(".react-flow__node").first()).toBeVisible();

  // Use it: a namespace and an id of one's own; the flow is created and opens in the editor.
  const flowId = uniqueId("from_example");
  await page.getByRole("button", { name: "Use" }).click();
  const dialog = page.getByTestId("use-example-dialog");
  await dialog.getByLabel("Namespace").fill("e2e.examples");
  await expect(dialog.getByLabel("Flow id")).toHaveValue("python-script");
  await dialog.getByLabel("Flow id").fill(flowId);
  await dialog.getByRole("button", { name: "Create flow" }).click();
  await expect(page).toHaveURL(new RegExp(`/flows/e2e\\.examples/${flowId}$`));
  const lines = page.locator(".view-lines");
  await expect(lines).toContainText(`id: ${flowId}`);
  await expect(lines).toContainText("namespace: e2e.examples");
  await expect(lines).toContainText("type: io.kestra.plugin.scripts.python.Script");

  // Using it again under the same id is refused with the reason.
  await page.goto("/examples/python-script");
  await page.getByRole("button", { name: "Use" }).click();
  await dialog.getByLabel("Namespace").fill("e2e.examples");
  await dialog.getByLabel("Flow id").fill(flowId);
  await dialog.getByRole("button", { name: "Create flow" }).click();
  await expect(dialog.getByRole("alert")).toContainText("already exists");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // Run the new flow from the editor: it succeeds, with the example's log line.
  await page.goto(`/flows/e2e.examples/${flowId}`);
  await page.getByRole("button", { name: /Run/ }).click();
  await expect(page).toHaveURL(/\/executions\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS", { timeout: 60_000 });
  await expect(page.getByTestId("log")).toContainText("5 readings, mean 20.96");
});

test("examples API: a viewer may read the gallery but not use it; a bad target is refused with the reason", async ({
  request,
}) => {
  const one = await request.get("/api/v1/examples/hello-world", { headers: authHeaders("viewer") });
  expect(one.status()).toBe(200);
  expect(((await one.json()) as { source: string }).source).toMatch(/^id: hello-world\n/);
  expect((await request.get("/api/v1/examples/no-such-example")).status()).toBe(404);
  const use = (role: "viewer" | "editor", data: unknown) =>
    request.post("/api/v1/examples/hello-world/use", { headers: authHeaders(role), data });
  expect((await use("viewer", { namespace: "e2e.examples", id: uniqueId("v") })).status()).toBe(403);
  const bad = await use("editor", { namespace: "not a namespace", id: "x" });
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { message: string }).message).toContain("namespace");
  const made = await use("editor", { namespace: "e2e.examples", id: uniqueId("hello") });
  expect(made.status(), await made.text()).toBe(201);
});

test("the Examples link fits in the top navigation at 1280 px", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/examples");
  const header = page.getByTestId("top-nav");
  await expect(header.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Examples" })).toBeVisible();
  expect(await header.evaluate((h) => h.scrollWidth <= h.clientWidth)).toBe(true);
  const box = (await header.getByRole("link", { name: "Examples" }).boundingBox())!;
  expect(box.height).toBeLessThanOrEqual(28);
});
