import { expect, test } from "./fixtures";
import { putFlow, uniqueId } from "./helpers";

// The Run dialog: a field per input type, errors per field as you type, a FILE uploaded and
// downloadable from the execution, a SECRET masked, Run again prefilled, last values remembered.

const CSV = "item,qty\nbolt,3\nnut,5\n";

function flowYaml(id: string): string {
  return `id: ${id}
namespace: e2e.run
inputs:
  - id: name
    type: STRING
    displayName: Your name
    description: Letters only
    validator: "[A-Za-z]+"
  - {id: count, type: INT, min: 1, max: 10, defaults: 3}
  - {id: ratio, type: FLOAT, defaults: 0.5}
  - {id: loud, type: BOOLEAN, defaults: false}
  - {id: region, type: SELECT, values: [eu, us], defaults: eu}
  - {id: zone, type: STRING, required: false, dependsOn: {inputs: [mail]}}
  - {id: tags, type: MULTISELECT, values: [a, b, c]}
  - {id: level, type: ENUM, values: [LOW, HIGH], defaults: LOW}
  - {id: when, type: DATETIME, defaults: "2026-01-31T12:00:00Z"}
  - {id: day, type: DATE, defaults: "2026-01-31"}
  - {id: at, type: TIME, defaults: "08:30:00"}
  - {id: wait, type: DURATION, defaults: PT5M}
  - {id: data, type: FILE, extension: .csv}
  - {id: config, type: JSON, defaults: '{"k": 1}'}
  - {id: settings, type: YAML, defaults: "a: 1"}
  - {id: link, type: URI, defaults: "https://example.com"}
  - {id: mail, type: EMAIL}
  - {id: numbers, type: ARRAY, itemType: INT}
  - {id: token, type: SECRET}
tasks:
  - id: read
    type: io.kestra.plugin.scripts.python.Script
    inputFiles:
      data.csv: "{{ inputs.data }}"
    script: |
      import csv
      rows = list(csv.DictReader(open("data.csv", newline="")))
      print("rows", len(rows), "qty", sum(int(r["qty"]) for r in rows))
      print("name {{ inputs.name }} count {{ inputs.count }} tags {{ inputs.tags | join(',') }} numbers {{ inputs.numbers | join('+') }} k {{ inputs.config.k }}")
      print("token {{ inputs.token }}")
`;
}

test("the Run dialog runs a flow with every input type, a FILE and a SECRET; Run again is prefilled", async ({
  page,
  request,
}) => {
  const id = uniqueId("inputs");
  await putFlow(request, flowYaml(id));

  await page.goto("/flows");
  await page.getByLabel("Search flows").fill(id);
  const row = page.locator(`tr[data-flow="e2e.run.${id}"]`);
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: `Run e2e.run.${id}` }).click();
  const dialog = page.getByTestId("run-dialog");
  await expect(dialog).toBeVisible();
  // Escape closes it.
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await row.getByRole("button", { name: `Run e2e.run.${id}` }).click();

  // Defaults filled, labels and descriptions shown.
  await expect(dialog.getByText("Your name")).toBeVisible();
  await expect(dialog.getByText("Letters only")).toBeVisible();
  await expect(dialog.locator("#input-count")).toHaveValue("3");
  await expect(dialog.locator("#input-region")).toHaveValue("eu");
  await expect(dialog.locator("#input-wait")).toHaveValue("PT5M");
  await expect(dialog.locator("#input-token")).toHaveAttribute("type", "password");

  // Errors under each field as you type.
  await dialog.locator("#input-name").fill("Ada Lovelace!");
  await expect(dialog.getByTestId("error-name")).toHaveText("must match [A-Za-z]+");
  await dialog.locator("#input-count").fill("20");
  await expect(dialog.getByTestId("error-count")).toHaveText("must be at most 10");
  // dependsOn: zone waits for a valid mail.
  await expect(dialog.locator("#input-zone")).toBeDisabled();
  await dialog.locator("#input-mail").fill("nobody");
  await expect(dialog.getByTestId("error-mail")).toContainText("email");
  await expect(dialog.locator("#input-zone")).toBeDisabled();
  await dialog.locator("#input-wait").fill("5 minutes");
  await expect(dialog.getByTestId("error-wait")).toContainText("ISO-8601");
  await dialog.locator("#input-config").fill("{not json");
  await expect(dialog.getByTestId("error-config")).toContainText("expected JSON");
  await dialog.locator("#input-region").selectOption("us");
  // Trying to run shows what is missing, and runs nothing.
  await dialog.getByRole("button", { name: "▶ Run" }).click();
  await expect(dialog.getByTestId("error-data")).toHaveText("is required");
  await expect(dialog.getByTestId("error-numbers")).toHaveText("is required");
  await expect(dialog.getByTestId("error-token")).toHaveText("is required");
  // Still on the flows list (its search is in the URL).
  await expect(page).toHaveURL(/\/flows(\?|$)/);

  await dialog.locator("#input-name").fill("Ada");
  await dialog.locator("#input-count").fill("4");
  await dialog.locator("#input-mail").fill("ada@example.com");
  await expect(dialog.locator("#input-zone")).toBeEnabled();
  await dialog.locator("#input-wait").fill("PT10M");
  await dialog.locator("#input-config").fill('{"k": 7}');
  await dialog.locator("#input-zone").fill("us-east-1");
  await dialog.locator("#input-tags").selectOption(["a", "c"]);
  await dialog.locator("#input-loud").check();
  await dialog
    .locator("#input-data")
    .setInputFiles({ name: "data.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
  await dialog.getByRole("button", { name: /Add int item/ }).click();
  await dialog.getByRole("button", { name: /Add int item/ }).click();
  await dialog.getByLabel("numbers item 1", { exact: true }).fill("1");
  await dialog.getByLabel("numbers item 2", { exact: true }).fill("1.5");
  await expect(dialog.getByTestId("error-numbers")).toContainText("item 2: expected an integer");
  await dialog.getByLabel("numbers item 2", { exact: true }).fill("2");
  await dialog.locator("#input-token").fill("hunter22-secret");
  await dialog.getByRole("button", { name: "+ Add label" }).click();
  await dialog.getByLabel("label 1 key").fill("env");
  await dialog.getByLabel("label 1 value").fill("e2e");
  for (const field of ["name", "count", "mail", "wait", "config", "numbers", "token", "data"])
    await expect(dialog.getByTestId(`error-${field}`)).toHaveText("");
  // Tall enough for the whole dialog in one picture (it scrolls inside its overlay).
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 1000, height: 2050 });
  await page.screenshot({ path: "docs/run-dialog.png" });
  if (viewport) await page.setViewportSize(viewport);

  // Ctrl/Cmd+Enter runs it.
  await dialog.locator("#input-name").focus();
  await page.keyboard.press("ControlOrMeta+Enter");
  await expect(page).toHaveURL(/\/executions\/[0-9a-f-]{36}$/);
  const firstUrl = page.url();
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS", { timeout: 60_000 });
  const log = page.getByTestId("log");
  await expect(log).toContainText("rows 2 qty 8");
  await expect(log).toContainText("name Ada count 4 tags a,c numbers 1+2 k 7");
  await expect(log).toContainText("token ****");
  await expect(log).not.toContainText("hunter22-secret");
  await expect(page.getByTestId("execution-label")).toContainText("env:e2e");
  await expect(page.getByTestId("execution-input-token")).toHaveText("token=******");
  // The uploaded file is shown and downloads with its bytes.
  const link = page.getByTestId("execution-input-data").getByRole("link", { name: "data.csv" });
  await expect(link).toBeVisible();
  const download = await Promise.all([page.waitForEvent("download"), link.click()]).then(([d]) => d);
  const path = await download.path();
  const { readFileSync } = await import("node:fs");
  expect(readFileSync(path, "utf8")).toBe(CSV);

  // Run again: prefilled with this run's values; the secret must be typed again, the file is kept.
  await page.getByRole("button", { name: /Run again/ }).click();
  const again = page.getByTestId("run-dialog");
  await expect(again.locator("#input-name")).toHaveValue("Ada");
  await expect(again.locator("#input-count")).toHaveValue("4");
  await expect(again.locator("#input-zone")).toHaveValue("us-east-1");
  await expect(again.getByLabel("numbers item 2", { exact: true })).toHaveValue("2");
  await expect(again.locator("#input-token")).toHaveValue("");
  await expect(again.getByTestId("field-data")).toContainText("Keeps data.csv");
  await again.locator("#input-token").fill("another-secret");
  await again.getByRole("button", { name: "▶ Run" }).click();
  await expect(page).not.toHaveURL(firstUrl);
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS", { timeout: 60_000 });
  await expect(page.getByTestId("log")).toContainText("rows 2 qty 8");

  // The flows list remembers the last values (never the secret).
  await page.goto("/flows");
  await page.getByLabel("Search flows").fill(id);
  await page
    .locator(`tr[data-flow="e2e.run.${id}"]`)
    .getByRole("button", { name: `Run e2e.run.${id}` })
    .click();
  await expect(page.getByTestId("run-dialog").locator("#input-name")).toHaveValue("Ada");
  await expect(page.getByTestId("run-dialog").locator("#input-token")).toHaveValue("");
  await expect(page.locator(`tr[data-flow="e2e.run.${id}"]`).getByTestId("last-execution")).toContainText("SUCCESS");
});

test("the API takes a FILE input as a multipart part and refuses an undeclared one", async ({ request }) => {
  const id = uniqueId("api");
  await putFlow(
    request,
    `id: ${id}\nnamespace: e2e.run\ninputs:\n  - {id: f, type: FILE}\ntasks:\n  - id: cat\n    type: io.kestra.plugin.scripts.shell.Commands\n    docker: {image: "osprey/shell:latest"}\n    inputFiles:\n      in.txt: "{{ inputs.f }}"\n    commands: ["cat in.txt"]\n`,
  );
  const res = await request.post(`/api/v1/executions/e2e.run/${id}`, {
    multipart: { f: { name: "in.txt", mimeType: "text/plain", buffer: Buffer.from("from a multipart part") } },
  });
  expect(res.status(), await res.text()).toBe(201);
  const executionId = ((await res.json()) as { id: string }).id;
  await expect
    .poll(
      async () => ((await (await request.get(`/api/v1/executions/${executionId}`)).json()) as { state: string }).state,
      { timeout: 60_000 },
    )
    .toBe("SUCCESS");
  const execution = (await (await request.get(`/api/v1/executions/${executionId}`)).json()) as { inputs: string };
  const uri = (JSON.parse(execution.inputs) as { f: string }).f;
  const file = await request.get(`/api/v1/executions/${executionId}/file?path=${encodeURIComponent(uri)}`);
  expect(await file.text()).toBe("from a multipart part");
  const wrong = await request.post(`/api/v1/executions/e2e.run/${id}`, {
    multipart: { other: { name: "x.txt", mimeType: "text/plain", buffer: Buffer.from("x") } },
  });
  expect(wrong.status()).toBe(400);
});

test("a SELECT whose values come from an expression lists the KV store's values; a broken one says why", async ({
  page,
  request,
}) => {
  const id = uniqueId("listed");
  const ns = `e2e.run.${uniqueId("ns")}`;
  const kv = await request.put(`/api/v1/namespaces/${ns}/kv/regions`, {
    data: JSON.stringify(["eu-west-1", "us-east-1"]),
    headers: { "Content-Type": "application/json" },
  });
  expect(kv.ok(), await kv.text()).toBe(true);
  await putFlow(
    request,
    `id: ${id}\nnamespace: ${ns}\ninputs:\n  - id: region\n    type: SELECT\n    expression: "{{ kv('regions') }}"\n    autoSelectFirst: true\n  - id: broken\n    type: SELECT\n    required: false\n    expression: "{{ kv('absent') }}"\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: "region {{ inputs.region }}"\n`,
  );
  await page.goto("/flows");
  await page.getByLabel("Search flows").fill(id);
  await page.getByRole("button", { name: `Run ${ns}.${id}` }).click();
  const dialog = page.getByTestId("run-dialog");
  await expect(dialog.locator("#input-region option")).toHaveText(["—", "eu-west-1", "us-east-1"]);
  await expect(dialog.locator("#input-region")).toHaveValue("eu-west-1");
  await expect(dialog.getByTestId("error-broken")).toContainText("The key 'absent' does not exist");
});
