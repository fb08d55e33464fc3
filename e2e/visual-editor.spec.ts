import { expect, test } from "./fixtures";
import { openEmptyEditor, pasteIntoEditor, uniqueId } from "./helpers";

const flowYaml = (id: string) => `id: ${id}
namespace: e2e.visual
# The tasks below were written by hand: keep this comment
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: hi
  - id: bye
    type: io.kestra.plugin.core.log.Log
    message: bye
`;

test("add a Python task from the palette, set docker.image in the form: the YAML has it, the comment stays", async ({
  page,
  request,
}) => {
  const id = uniqueId("visual");
  await openEmptyEditor(page);
  await pasteIntoEditor(page, flowYaml(id));
  const graph = page.getByTestId("flow-graph");
  await expect(graph.getByTestId("node-hello")).toBeVisible();
  await expect(graph.getByTestId("node-bye")).toBeVisible();

  await page.getByRole("button", { name: "+ Add task" }).click();
  const palette = page.getByTestId("task-palette");
  await palette.getByPlaceholder("Search task types…").fill("python.script");
  await expect(palette.getByRole("button")).toHaveCount(1);
  await palette.getByRole("button").click();
  await expect(graph.getByTestId("node-python_script")).toBeVisible();
  const form = page.getByTestId("task-form");
  await form.getByLabel("docker.image", { exact: true }).fill("osprey/python:latest");
  await form.getByLabel("docker.pullPolicy").selectOption("NEVER");

  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("status")).toHaveText(/Saved revision 1/);
  const saved = await (await request.get(`/api/v1/flows/e2e.visual/${id}?source=true`)).text();
  expect(saved).toContain("# The tasks below were written by hand: keep this comment\ntasks:\n  - id: hello\n");
  expect(saved).toContain("  - id: python_script\n    type: io.kestra.plugin.scripts.python.Script\n");
  expect(saved).toContain("    docker:\n      image: osprey/python:latest\n      pullPolicy: NEVER\n");
});

test("clicking a node selects its YAML; moving the cursor highlights its node; layouts toggle", async ({ page }) => {
  await openEmptyEditor(page);
  await pasteIntoEditor(page, flowYaml(uniqueId("select")));
  const bye = page.getByTestId("node-bye");
  await bye.click();
  await expect(bye).toHaveAttribute("data-selected", "true");
  // What the editor has selected is exactly the task's lines.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.keyboard.press("ControlOrMeta+C");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    "  - id: bye\n    type: io.kestra.plugin.core.log.Log\n    message: bye",
  );

  await page.locator(".view-lines").getByText("message: hi").click();
  await expect(page.getByTestId("node-hello")).toHaveAttribute("data-selected", "true");
  await expect(bye).toHaveAttribute("data-selected", "false");

  // While the YAML does not parse, the last good graph stays, with the reason.
  await page.keyboard.press("End");
  await page.keyboard.type("\n  bad: [");
  await expect(page.getByTestId("graph-error")).toContainText(/line \d+/);
  await expect(page.getByTestId("node-hello")).toBeVisible();

  await page.getByRole("button", { name: "Graph", exact: true }).click();
  await expect(page.getByTestId("editor")).toBeHidden();
  await page.getByRole("button", { name: "YAML", exact: true }).click();
  await expect(page.getByTestId("visual-pane")).toHaveCount(0);
  await expect(page.getByTestId("editor")).toBeVisible();
});
