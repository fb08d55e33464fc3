import { expect, test } from "./fixtures";
import { putFlow, startRun, uniqueId } from "./helpers";

test("secrets: names come back, values never; a flow's use of one is masked in the log and the page", async ({
  page,
  request,
}) => {
  const ns = `e2e.secrets.${uniqueId("ns")}`;
  const value = `s3cret-${uniqueId("v")}`;
  expect((await request.put(`/api/v1/namespaces/${ns}/secrets`, { data: { key: "API_TOKEN", value } })).status()).toBe(
    204,
  );
  const listed = await request.get(`/api/v1/namespaces/${ns}.child/secrets`);
  const body = await listed.text();
  expect(body).not.toContain(value);
  expect(JSON.parse(body).secrets).toEqual([
    expect.objectContaining({ name: "API_TOKEN", namespace: ns, inherited: true }),
  ]);

  const id = uniqueId("masked");
  await putFlow(
    request,
    `id: ${id}\nnamespace: ${ns}.child\ntasks:\n  - id: leak\n    type: io.kestra.plugin.scripts.shell.Commands\n    env: {T: "{{ secret('API_TOKEN') }}"}\n    commands: ['echo "token=$T"']\n`,
  );
  const executionId = await startRun(request, `${ns}.child`, id);
  await page.goto(`/executions/${executionId}`);
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS");
  await expect(page.getByTestId("log")).toContainText("token=****");
  // The task's rendered properties are shown, with the secret masked there too.
  await page.getByTestId("task-properties").locator("summary").click();
  await expect(page.getByTestId("task-properties")).toContainText('"T": "****"');
  expect(await page.content()).not.toContain(value);
  // And in the live stream.
  const sse = await (await request.get(`/api/v1/logs/${executionId}/follow`)).text();
  expect(sse).toContain("token=****");
  expect(sse).not.toContain(value);
  const logs = await (await request.get(`/api/v1/logs/${executionId}`)).text();
  expect(logs).not.toContain(value);
  expect((await request.delete(`/api/v1/namespaces/${ns}/secrets/API_TOKEN`)).status()).toBe(204);
  expect((await request.delete(`/api/v1/namespaces/${ns}/secrets/API_TOKEN`)).status()).toBe(404);
});

test("the Kill button stops a running execution and its container", async ({ page, request }) => {
  const id = uniqueId("kill");
  await putFlow(
    request,
    `id: ${id}\nnamespace: e2e.kill\ntasks:\n  - id: forever\n    type: io.kestra.plugin.scripts.shell.Commands\n    commands: ["echo started", "sleep 600"]\n`,
  );
  const executionId = await startRun(request, "e2e.kill", id);
  await page.goto(`/executions/${executionId}`);
  await expect(page.getByTestId("log")).toContainText("started");
  await page.getByRole("button", { name: /Kill/ }).click();
  await expect(page.getByTestId("execution-state")).toHaveText("KILLED", { timeout: 5_000 });
  const execution = (await (await request.get(`/api/v1/executions/${executionId}`)).json()) as {
    taskRuns: { state: string }[];
  };
  expect(execution.taskRuns[0].state).toBe("KILLED");
  expect((await request.delete(`/api/v1/executions/${executionId}/kill`)).status()).toBe(409);
});

test("output files are listed and downloadable from the API and the execution page", async ({ page, request }) => {
  const id = uniqueId("files");
  await putFlow(
    request,
    `id: ${id}\nnamespace: e2e.files\ntasks:\n  - id: make\n    type: io.kestra.plugin.scripts.python.Script\n    outputFiles: ["*.csv"]\n    script: |\n      open("report.csv", "w").write("a,b\\n1,2\\n")\n      print('::{"metrics":[{"name":"rows","type":"counter","value":1}]}::')\n`,
  );
  const executionId = await startRun(request, "e2e.files", id);
  await page.goto(`/executions/${executionId}`);
  await expect(page.getByTestId("execution-state")).toHaveText("SUCCESS");
  await expect(page.getByTestId("metrics")).toContainText("rows");
  const { files } = (await (await request.get(`/api/v1/executions/${executionId}/files`)).json()) as {
    files: { name: string; uri: string }[];
  };
  expect(files.map((f) => f.name)).toEqual(["report.csv"]);
  const download = await request.get(`/api/v1/executions/${executionId}/file?path=${encodeURIComponent(files[0].uri)}`);
  expect(download.status()).toBe(200);
  expect(await download.text()).toBe("a,b\n1,2\n");
  const [dl] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("output-files").getByText("report.csv").click(),
  ]);
  expect(dl.suggestedFilename()).toBe("report.csv");
  expect(
    (
      await request.get(
        `/api/v1/executions/${executionId}/file?path=${encodeURIComponent(files[0].uri.replace(executionId, "other"))}`,
      )
    ).status(),
  ).toBe(404);
});
