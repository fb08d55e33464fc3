import type { APIRequestContext } from "@playwright/test";
import {
  createUser,
  grantNamespaces,
  sessionHeaders,
  signIn,
  TEST_ADMIN,
  TEST_PASSWORD,
} from "../lib/testing/accounts";
import { expect, test } from "./fixtures";
import { putFlow, startRun, uniqueId } from "./helpers";

/** Waits for an execution to end and returns its state. */
async function endState(request: APIRequestContext, executionId: string): Promise<string> {
  let state = "";
  await expect
    .poll(
      async () => {
        state = ((await (await request.get(`/api/v1/executions/${executionId}`)).json()) as { state: string }).state;
        return ["SUCCESS", "FAILED", "WARNING", "KILLED"].includes(state);
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  return state;
}

test("the dashboard charts executions per state and durations, and links the last failures", async ({
  page,
  request,
}) => {
  const ns = `e2e.dash.${uniqueId("ns")}`;
  const ok = uniqueId("ok");
  const broken = uniqueId("broken");
  await putFlow(
    request,
    `id: ${ok}\nnamespace: ${ns}\ntasks:\n  - id: say\n    type: io.kestra.plugin.scripts.shell.Commands\n    commands: ["echo fine"]\n`,
  );
  await putFlow(
    request,
    `id: ${broken}\nnamespace: ${ns}\ntasks:\n  - id: fail\n    type: io.kestra.plugin.scripts.shell.Commands\n    commands: ["echo about to fail", "exit 3"]\n`,
  );
  const succeeded = [await startRun(request, ns, ok), await startRun(request, ns, ok)];
  const failed = await startRun(request, ns, broken);
  for (const id of succeeded) expect(await endState(request, id)).toBe("SUCCESS");
  expect(await endState(request, failed)).toBe("FAILED");

  // The API answers with what the page draws.
  const stats = (await (await request.get("/api/v1/stats/dashboard?range=24h")).json()) as {
    states: string[];
    failures: { recent: { id: string }[] };
    busiestFlows: { flowId: string }[];
  };
  expect(stats.states).toEqual(expect.arrayContaining(["SUCCESS", "FAILED"]));
  expect(stats.failures.recent.map((f) => f.id)).toContain(failed);
  expect(stats.busiestFlows.map((f) => f.flowId)).toEqual(expect.arrayContaining([ok, broken]));

  await page.goto("/");
  const executions = page.getByTestId("executions-chart");
  await expect(executions.locator(".recharts-bar-rectangle path").first()).toBeVisible();
  // One stacked series per state seen, each with a legend entry.
  await expect(executions.locator(".recharts-legend-item", { hasText: "SUCCESS" })).toBeVisible();
  await expect(executions.locator(".recharts-legend-item", { hasText: "FAILED" })).toBeVisible();
  const durations = page.getByTestId("durations-chart");
  await expect(durations.locator(".recharts-bar-rectangle path").first()).toBeVisible();
  await expect(durations).toContainText(ok);

  const failure = page.getByTestId("failures").locator(`[data-execution="${failed}"]`);
  await expect(failure).toContainText(broken);
  await page.screenshot({ path: "docs/dashboard.png", fullPage: true });

  // The 30-day view draws the same runs by day.
  await page.getByRole("radio", { name: "30 days" }).click();
  await expect(executions.locator(".recharts-bar-rectangle path").first()).toBeVisible();

  await failure.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/executions/${failed}$`));
  await expect(page.getByTestId("execution-state")).toHaveText("FAILED");
});

test("the dashboard shows a viewer only the namespaces they may read", async ({ request, playwright, baseURL }) => {
  const ns = `e2e.dashhidden.${uniqueId("ns")}`;
  const id = uniqueId("hidden");
  await putFlow(
    request,
    `id: ${id}\nnamespace: ${ns}\ntasks:\n  - id: fail\n    type: io.kestra.plugin.core.flow.Switch\n    value: nothing\n    cases: {other: [{id: never, type: io.kestra.plugin.core.log.Log, message: never}]}\n`,
  );
  const failed = await startRun(request, ns, id);
  expect(await endState(request, failed)).toBe("FAILED");
  const admin = (await (await request.get("/api/v1/stats/dashboard")).json()) as {
    failures: { recent: { id: string }[] };
  };
  expect(admin.failures.recent.map((f) => f.id)).toContain(failed);

  // A user with a role in another namespace only: none of it reaches them.
  const adminCookie = await signIn(baseURL!, TEST_ADMIN.email, TEST_ADMIN.password);
  const email = `dash-${uniqueId("u").toLowerCase()}@osprey.test`;
  const userId = await createUser(baseURL!, adminCookie, email, "none");
  await grantNamespaces(baseURL!, adminCookie, userId, [{ namespace: `${ns}.elsewhere`, role: "viewer" }]);
  const headers = sessionHeaders(baseURL!, await signIn(baseURL!, email, TEST_PASSWORD));
  const context = await playwright.request.newContext({ baseURL, extraHTTPHeaders: headers });
  const mine = (await (await context.get("/api/v1/stats/dashboard")).json()) as {
    total: number;
    failures: { recent: unknown[] };
    busiestFlows: unknown[];
  };
  expect(mine).toMatchObject({ total: 0, failures: { recent: [] }, busiestFlows: [] });
  await context.dispose();
});
