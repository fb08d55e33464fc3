import { expect, test } from "./fixtures";
import { putFlow, startRun, uniqueId } from "./helpers";

// A flow that fails until its secret says otherwise: fixing the secret, then Restart, finishes it.
test("Restart from the page finishes a failed execution; Replay from a task makes a new one from there", async ({
  page,
  request,
}) => {
  const ns = `e2e.restart.${uniqueId("ns")}`;
  const id = uniqueId("fragile");
  const setMode = async (value: string) =>
    expect((await request.put(`/api/v1/namespaces/${ns}/secrets`, { data: { key: "MODE", value } })).status()).toBe(
      204,
    );
  await setMode("broken");
  await putFlow(
    request,
    `id: ${id}
namespace: ${ns}
tasks:
  - id: first
    type: io.kestra.plugin.core.log.Log
    message: first ran
  - id: check
    type: io.kestra.plugin.scripts.shell.Commands
    env: {MODE: "{{ secret('MODE') }}"}
    commands: ['test "$MODE" = fixed']
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: after ran
`,
  );
  const executionId = await startRun(request, ns, id);
  await page.goto(`/executions/${executionId}`);
  await expect(page.getByTestId("execution-state")).toHaveText("FAILED", { timeout: 30_000 });
  await setMode("fixed");
  await page.getByRole("button", { name: /Restart/ }).click();
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS", { timeout: 30_000 });
  await expect(page).toHaveURL(new RegExp(`/executions/${executionId}$`));
  await expect(page.getByTestId("log")).toContainText("after ran");
  const log = (await (await request.get(`/api/v1/logs/${executionId}?limit=1000`)).json()) as {
    lines: { message: string }[];
  };
  expect(log.lines.filter((l) => l.message === "first ran")).toHaveLength(1); // kept, not run again

  await page
    .locator('[data-task="check"]')
    .getByRole("button", { name: /Replay from here/ })
    .click();
  await expect(page).not.toHaveURL(new RegExp(`/executions/${executionId}$`));
  await expect(page.getByTestId("replay-of")).toContainText(executionId.slice(0, 8));
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS", { timeout: 30_000 });
  await expect(page.getByTestId("log")).toContainText("after ran");
  await expect(page.getByTestId("log")).not.toContainText("first ran");
});

test("restart and replay answer clearly when there is nothing to do", async ({ request }) => {
  const ns = "e2e.restart";
  const id = uniqueId("fine");
  await putFlow(
    request,
    `id: ${id}\nnamespace: ${ns}\ntasks:\n  - id: ok\n    type: io.kestra.plugin.core.log.Log\n    message: fine\n`,
  );
  const executionId = await startRun(request, ns, id);
  await expect
    .poll(
      async () => ((await (await request.get(`/api/v1/executions/${executionId}`)).json()) as { state: string }).state,
    )
    .toBe("SUCCESS");
  const restart = await request.post(`/api/v1/executions/${executionId}/restart`);
  expect(restart.status()).toBe(409);
  expect((await restart.json()).message).toMatch(/only a FAILED or KILLED execution can be restarted/);
  const replay = await request.post(`/api/v1/executions/${executionId}/replay?taskRunId=nope`);
  expect(replay.status()).toBe(404);
  const whole = await request.post(`/api/v1/executions/${executionId}/replay`);
  expect(whole.status()).toBe(201);
});
