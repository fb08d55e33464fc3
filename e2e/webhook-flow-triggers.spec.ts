import { expect, test } from "./fixtures";
import { putFlow, uniqueId } from "./helpers";

/** Polls the executions of a flow until one appears; returns its id. */
async function firstExecutionOf(
  request: import("@playwright/test").APIRequestContext,
  namespace: string,
  flowId: string,
): Promise<string> {
  let id = "";
  await expect(async () => {
    const res = await request.get(`/api/v1/executions/search?namespace=${namespace}&flowId=${flowId}`);
    const found = (await res.json()) as { results: { id: string; flowId: string }[] };
    id = found.results.find((r) => r.flowId === flowId)?.id ?? "";
    expect(id).not.toBe("");
  }).toPass({ timeout: 60_000 });
  return id;
}

test("a webhook starts a flow that a Flow trigger follows; each execution says what started it", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  const ns = "e2e.triggers";
  const hooked = uniqueId("hooked");
  const follower = uniqueId("follower");
  const key = uniqueId("key");
  await putFlow(
    request,
    `id: ${hooked}\nnamespace: ${ns}\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: "got {{ trigger.body.word }}"\ntriggers:\n  - id: incoming\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: ${key}\n`,
  );
  await putFlow(
    request,
    `id: ${follower}\nnamespace: ${ns}\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: "after {{ trigger.executionId }}"\ntriggers:\n  - id: after_hook\n    type: io.kestra.plugin.core.trigger.Flow\n    preconditions:\n      id: hooked\n      flows:\n        - {namespace: ${ns}, flowId: ${hooked}, states: [SUCCESS]}\n`,
  );
  // The webhook is called by a stranger: no token, no cookie.
  const stranger = await playwright.request.newContext({ baseURL });
  const res = await stranger.post(`/api/v1/executions/webhook/${ns}/${hooked}/${key}`, { data: { word: "bird" } });
  expect(res.status(), await res.text()).toBe(200);
  const upstream = ((await res.json()) as { id: string }).id;
  await stranger.dispose();

  await page.goto(`/executions/${upstream}`);
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS");
  await expect(page.getByTestId("started-by")).toHaveText("webhook incoming");

  const downstream = await firstExecutionOf(request, ns, follower);
  await page.goto(`/executions/${downstream}`);
  await expect(page.getByTestId("started-by")).toHaveText(
    `flow trigger after_hook from ${upstream.slice(0, 8)} (${ns}.${hooked})`,
  );
  await page.getByTestId("started-by").getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/executions/${upstream}$`));

  await page.goto(`/executions?namespace=${ns}`);
  const row = page.locator(`[data-execution="${downstream}"]`);
  await expect(row.getByTestId("started-by-kind")).toHaveAttribute("data-kind", "flow");
  await expect(page.locator(`[data-execution="${upstream}"]`).getByTestId("started-by-kind")).toContainText(
    "webhook incoming",
  );
});
