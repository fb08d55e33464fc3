import type { APIRequestContext } from "@playwright/test";
import { expect } from "@playwright/test";

/** Creates (or replaces) a flow through the API, as a script or CI job would. */
export async function putFlow(request: APIRequestContext, yaml: string): Promise<{ namespace: string; id: string }> {
  const res = await request.post("/api/v1/flows", { data: yaml, headers: { "Content-Type": "application/x-yaml" } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { namespace: string; id: string };
}

export async function startRun(request: APIRequestContext, namespace: string, id: string): Promise<string> {
  const res = await request.post(`/api/v1/executions/${namespace}/${id}`);
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

export function uniqueId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * Pastes text into the focused editor through the system clipboard, as a person pasting YAML
 * would: Monaco keeps the indentation as written (typing would add its own auto-indent).
 */
export async function pasteIntoEditor(page: import("@playwright/test").Page, text: string): Promise<void> {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press("ControlOrMeta+V");
  // Monaco reads the clipboard asynchronously: wait until the paste's last line shows (the cursor,
  // and so the view, ends there), or a key pressed next (Ctrl+S) would act on the text before it.
  const last = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1);
  if (last) await expect(page.locator(".monaco-editor.focused .view-lines")).toContainText(last);
}

/** Opens the new-flow page with an empty editor, focused. */
export async function openEmptyEditor(page: import("@playwright/test").Page): Promise<void> {
  await page.goto("/flows/new");
  const editor = page.locator(".monaco-editor").first();
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
}
