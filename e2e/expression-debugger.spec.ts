import { expect, test } from "./fixtures";
import { putFlow, startRun, uniqueId } from "./helpers";

// Kestra's "debug outputs" on an execution page: an expression rendered against the execution, or
// against one task run, with a secret masked and an error's position shown.

test("the expression debugger renders outputs, a task run's variables, masks a secret and points at an error", async ({
  page,
  request,
}) => {
  const namespace = "e2e.debugger";
  const secret = await request.put(`/api/v1/namespaces/${namespace}/secrets`, {
    data: { key: "DEBUG_TOKEN", value: "tok-e2e-0123456789" },
  });
  expect(secret.status()).toBe(204);
  const flow = await putFlow(
    request,
    `id: ${uniqueId("debug")}
namespace: ${namespace}
tasks:
  - id: out
    type: io.kestra.plugin.core.output.OutputValues
    values:
      answer: 42
      token: "{{ secret('DEBUG_TOKEN') }}"
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: ["red", "blue"]
    tasks:
      - id: say
        type: io.kestra.plugin.core.log.Log
        message: "colour {{ taskrun.value }}"
`,
  );
  const id = await startRun(request, flow.namespace, flow.id);
  await page.goto(`/executions/${id}`);
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS", { timeout: 60_000 });

  await page.getByRole("button", { name: /Debug expression/ }).click();
  const debuggerPanel = page.getByTestId("expression-debugger");
  const expression = debuggerPanel.getByLabel("Pebble expression");
  const result = debuggerPanel.getByTestId("eval-result");

  await expression.fill("answer={{ outputs.out.values.answer }} token={{ outputs.out.values.token }}");
  await debuggerPanel.getByRole("button", { name: "Evaluate" }).click();
  await expect(result).toHaveText("answer=42 token=****");
  await expect(debuggerPanel).not.toContainText("tok-e2e-0123456789");

  // As the blue iteration's task saw its variables; Ctrl+Enter evaluates.
  const context = debuggerPanel.getByLabel("Context of the expression");
  await context.selectOption({ label: "say [blue]" });
  await expression.fill("{{ taskrun.value }} from {{ parent.task.id }}");
  await expression.press("Control+Enter");
  await expect(result).toHaveText("blue from each");

  await context.selectOption({ label: "the execution" });
  await expression.fill("line one\n{{ outputs.out. }}");
  await debuggerPanel.getByRole("button", { name: "Evaluate" }).click();
  await expect(debuggerPanel.getByTestId("eval-position")).toHaveText("line 2, column 17");
  await expect(debuggerPanel.getByTestId("eval-error")).toContainText("cannot render");
  await expect(result).toHaveCount(0);
});
