import { expect, test } from "./fixtures";
import { pasteIntoEditor, putFlow, uniqueId } from "./helpers";

test("the Files tab creates scripts/hello.py, and a flow with namespaceFiles runs it", async ({ page, request }) => {
  // A namespace of its own: the storage folder outlives the test database.
  const namespace = `e2e.${uniqueId("files")}`;
  const flowId = uniqueId("nsfiles");
  await putFlow(
    request,
    `id: ${flowId}
namespace: ${namespace}
tasks:
  - id: hello
    type: io.kestra.plugin.scripts.python.Commands
    namespaceFiles:
      enabled: true
      include:
        - scripts/**
    commands:
      - python scripts/hello.py
`,
  );
  await page.goto(`/flows/${namespace}/${flowId}`);
  await expect(page.locator(".monaco-editor").first()).toBeVisible();
  await page.getByRole("button", { name: "Files", exact: true }).click();
  const pane = page.getByTestId("files-pane");
  await expect(pane.getByTestId("file-tree")).toContainText("No files in this namespace yet.");

  await pane.getByRole("button", { name: "+ File" }).click();
  await pane.getByLabel("New file path").fill("scripts/hello.py");
  await pane.getByLabel("New file path").press("Enter");
  await expect(pane.getByTestId("open-file")).toHaveText("/scripts/hello.py");
  await expect(pane.getByTestId("file-language")).toHaveText("python");
  await expect(pane.locator('[data-testid="file-row"][data-path="scripts/hello.py"]')).toBeVisible();

  const fileEditor = pane.getByTestId("file-editor").locator(".monaco-editor");
  await fileEditor.click();
  await pasteIntoEditor(page, 'import sys\nprint("hello from the Files tab", sys.version_info[0])\n');
  await expect(pane.getByText("unsaved")).toBeVisible();
  // Ctrl+S in the file's editor saves the file, not the flow.
  await page.keyboard.press("ControlOrMeta+S");
  await expect(pane.getByTestId("files-status")).toHaveText("Saved /scripts/hello.py");
  await expect(page.getByTestId("flow-title")).toContainText("rev 1");
  // Python highlighting: Monaco's tokenizer marks the keyword.
  await expect(fileEditor.locator(".view-lines")).toContainText("import sys");
  await expect(fileEditor.locator('.view-lines span[class*="mtk"]', { hasText: "import" }).first()).toBeVisible();
  const stored = await request.get(`/api/v1/namespaces/${namespace}/files?path=/scripts/hello.py`);
  expect(await stored.text()).toBe('import sys\nprint("hello from the Files tab", sys.version_info[0])\n');
  await page.screenshot({ path: "docs/files-tab.png" });

  await page.getByRole("button", { name: /Run/ }).click();
  await expect(page).toHaveURL(/\/executions\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS", { timeout: 60_000 });
  const log = page.getByTestId("log");
  await expect(log).toContainText("hello from the Files tab 3");
  await expect(log).toContainText(`Loaded 1 namespace file from '${namespace}'`);
});

test("the Files tab renames and deletes, and the API agrees", async ({ page, request }) => {
  const namespace = `e2e.${uniqueId("files")}`;
  const flowId = uniqueId("nsfiles");
  await putFlow(
    request,
    `id: ${flowId}\nnamespace: ${namespace}\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ read('queries/q.sql') }}"\n`,
  );
  const up = await request.post(`/api/v1/namespaces/${namespace}/files?path=/queries/q.sql`, {
    multipart: { fileContent: { name: "q.sql", mimeType: "text/plain", buffer: Buffer.from("SELECT 42") } },
  });
  expect(up.status(), await up.text()).toBe(200);
  await page.goto(`/flows/${namespace}/${flowId}`);
  await page.getByRole("button", { name: "Files", exact: true }).click();
  const pane = page.getByTestId("files-pane");
  const folder = pane.locator('[data-testid="file-row"][data-path="queries"]');
  await folder.getByRole("button").first().click();
  const row = pane.locator('[data-testid="file-row"][data-path="queries/q.sql"]');
  await row.getByRole("button").first().click();
  await expect(pane.getByTestId("file-language")).toHaveText("sql");
  await expect(pane.getByTestId("file-editor")).toContainText("SELECT 42");

  await row.hover();
  await row.getByRole("button", { name: "Rename queries/q.sql" }).click();
  await pane.getByLabel("New path").fill("queries/renamed.sql");
  await pane.getByLabel("New path").press("Enter");
  await expect(pane.locator('[data-testid="file-row"][data-path="queries/renamed.sql"]')).toBeVisible();
  await expect(pane.getByTestId("open-file")).toHaveText("/queries/renamed.sql");
  expect((await request.get(`/api/v1/namespaces/${namespace}/files?path=/queries/q.sql`)).status()).toBe(404);

  page.once("dialog", (d) => void d.accept());
  const renamed = pane.locator('[data-testid="file-row"][data-path="queries"]');
  await renamed.hover();
  await renamed.getByRole("button", { name: "Delete queries" }).click();
  await expect(pane.getByTestId("file-tree")).toContainText("No files in this namespace yet.");
  expect(await (await request.get(`/api/v1/namespaces/${namespace}/files/directory`)).json()).toEqual([]);
});

test("a YAML namespace file is not checked against the flow schema", async ({ page, request }) => {
  const namespace = `e2e.${uniqueId("files")}`;
  const flowId = uniqueId("nsfiles");
  await putFlow(
    request,
    `id: ${flowId}\nnamespace: ${namespace}\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`,
  );
  const up = await request.post(`/api/v1/namespaces/${namespace}/files?path=/config/settings.yaml`, {
    multipart: {
      fileContent: {
        name: "settings.yaml",
        mimeType: "text/yaml",
        buffer: Buffer.from("retries: three\nowner: data-team\n"),
      },
    },
  });
  expect(up.status(), await up.text()).toBe(200);
  await page.goto(`/flows/${namespace}/${flowId}`);
  await page.getByRole("button", { name: "Files", exact: true }).click();
  const pane = page.getByTestId("files-pane");
  await pane.locator('[data-testid="file-row"][data-path="config"]').getByRole("button").first().click();
  await pane.locator('[data-testid="file-row"][data-path="config/settings.yaml"]').getByRole("button").first().click();
  await expect(pane.getByTestId("file-language")).toHaveText("yaml");
  await expect(pane.getByTestId("file-editor")).toContainText("owner: data-team");
  // The flow schema would mark it at once (no id, namespace, tasks; unknown keys): give the YAML worker time to speak.
  await page.waitForTimeout(2_500);
  await expect(pane.getByTestId("file-editor").locator(".squiggly-error, .squiggly-warning")).toHaveCount(0);
});
