import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "./fixtures";
import { openEmptyEditor, pasteIntoEditor, uniqueId } from "./helpers";

// A Slack notification written in the editor, run, and received: a local HTTP receiver stands in
// for Slack (no internet here), reachable because an admin allows its address in Settings.
test("a Slack message written in the browser is sent with its rendered payload", async ({ page, request }) => {
  const received: { body: string; type: string | undefined }[] = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ body, type: req.headers["content-type"] });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const port = (receiver.address() as AddressInfo).port;
  expect(
    (await request.put("/api/v1/settings", { data: { OSPREY_HTTP_ALLOWED_NETWORKS: "127.0.0.1" } })).status(),
  ).toBe(200);
  try {
    const flowId = uniqueId("slack");
    await openEmptyEditor(page);
    await pasteIntoEditor(
      page,
      `id: ${flowId}\nnamespace: e2e.notify\ntasks:\n  - id: notify\n    type: io.kestra.plugin.slack.notifications.SlackIncomingWebhook\n    url: http://127.0.0.1:${port}/services/T0/B0/x\n    payload: |\n      {"text": "{{ flow.id }} ran {{ 6 * 7 }}"}\n`,
    );
    // The editor knows the type: no marker on it.
    await expect(page.locator(".squiggly-error")).toHaveCount(0);
    await page.keyboard.press("ControlOrMeta+S");
    await expect(page.getByTestId("status")).toHaveText(/Saved revision 1/);
    await page.getByRole("button", { name: /Run/ }).click();
    await expect(page).toHaveURL(/\/executions\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS", { timeout: 30_000 });
    expect(received).toEqual([{ body: JSON.stringify({ text: `${flowId} ran 42` }), type: "application/json" }]);
  } finally {
    await request.put("/api/v1/settings", { data: { OSPREY_HTTP_ALLOWED_NETWORKS: "" } });
    receiver.close();
  }
});
