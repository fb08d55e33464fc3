import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { putFlow, startRun, uniqueId } from "./helpers";

type Execution = { state: string; taskRuns: { taskId: string; error: string | null }[] };

/** Runs the flow and waits for its end. */
async function run(request: APIRequestContext, namespace: string, flowId: string): Promise<Execution> {
  const id = await startRun(request, namespace, flowId);
  let execution: Execution = { state: "CREATED", taskRuns: [] };
  await expect
    .poll(
      async () => {
        execution = (await (await request.get(`/api/v1/executions/${id}`)).json()) as Execution;
        return ["SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED"].includes(execution.state);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return execution;
}

test("an admin lets one namespace's flows reach another on the Settings page: a Subflow across them runs only while it holds", async ({
  page,
  request,
}) => {
  const root = uniqueId("reach").toLowerCase();
  const [a, b] = [`${root}.team_a`, `${root}.team_b`];
  await putFlow(
    request,
    `id: child\nnamespace: ${b}\ntasks:\n  - {id: r, type: io.kestra.plugin.core.debug.Return, format: hi}\n`,
  );
  await putFlow(
    request,
    `id: caller\nnamespace: ${a}\ntasks:\n  - id: call\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: ${b}\n    flowId: child\n`,
  );
  const refused = await run(request, a, "caller");
  expect(refused.state).toBe("FAILED");
  // As for a flow that does not exist.
  expect(refused.taskRuns[0].error).toBe(`flow ${b}.child not found`);

  await page.goto("/settings");
  const form = page.getByRole("form", { name: "allow a namespace to be reached" });
  await form.getByLabel("Namespace").fill(b);
  await form.getByLabel("may be reached by flows of").fill(a);
  await form.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByTestId("allowed-namespaces-message")).toHaveText(`Flows of ${a} may now reach ${b}.`);
  await expect(page.locator(`[data-namespace="${b}"]`)).toContainText(a);
  const listed = (await (await request.get(`/api/v1/namespaces/${b}/allowed-namespaces`)).json()) as {
    allowedNamespaces: { namespace: string }[];
  };
  expect(listed.allowedNamespaces.map((x) => x.namespace)).toEqual([a]);
  expect((await run(request, a, "caller")).state).toBe("SUCCESS");

  await page.getByRole("button", { name: `stop allowing ${a} to reach ${b}` }).click();
  await expect(page.getByTestId("allowed-namespaces-message")).toHaveText(`Flows of ${a} no longer reach ${b}.`);
  await expect(page.locator(`[data-namespace="${b}"]`)).toHaveCount(0);
  expect((await run(request, a, "caller")).state).toBe("FAILED");
});
