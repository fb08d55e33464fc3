/**
 * Takes the README's editor, execution and Triggers screenshots (docs/*.png), seeding its own flow
 * (the dashboard, Run dialog, Files tab and dark mode ones are taken by their e2e specs). With no argument it starts a
 * throwaway server on a fresh database (after `next build`); or give a running one, signed in as
 * an admin: `OSPREY_ADMIN_PASSWORD=… npx tsx scripts/screenshots.ts http://127.0.0.1:3000`.
 */
import { chromium } from "@playwright/test";
import { config } from "../lib/config";
import { TEST_ADMIN } from "../lib/testing/accounts";
import { startServer } from "../lib/testing/start-server";

const given = process.argv[2];
const server = given ? null : await startServer(3300);
const base = given ?? server!.baseUrl;
const admin = given ? { email: config.OSPREY_ADMIN_EMAIL, password: config.OSPREY_ADMIN_PASSWORD } : TEST_ADMIN;
if (!admin.password) throw new Error("set OSPREY_ADMIN_PASSWORD (and OSPREY_ADMIN_EMAIL) to an admin's sign-in");
const flow = `# Screenshot flow: per region, a Python task counts rows; then a branch on the result.
id: daily_report
namespace: company.data
description: Build a small report per region in Python, then archive it.
labels:
  team: data

tasks:
  - id: regions
    type: io.kestra.plugin.core.flow.ForEach
    values: ["eu", "us", "apac"]
    concurrencyLimit: 2
    tasks:
      - id: extract
        type: io.kestra.plugin.scripts.python.Script
        runner: DOCKER
        docker:
          image: osprey/python:latest
          pullPolicy: IF_NOT_PRESENT
        script: |
          import time
          rows = 0
          for batch in range(1, 4):
              rows += batch * 100
              print(f"{{ taskrun.value }} batch {batch}: {rows} rows so far")
              time.sleep(0.2)
          print('::{"outputs":{"rows":' + str(rows) + '}}::')

  - id: check
    type: io.kestra.plugin.core.flow.If
    condition: "{{ outputs.extract['eu'].vars.rows > 0 }}"
    then:
      - id: archive
        type: io.kestra.plugin.scripts.shell.Commands
        commands:
          - echo "archiving {{ outputs.extract['eu'].vars.rows }} rows"
    else:
      - id: empty
        type: io.kestra.plugin.core.log.Log
        message: nothing to archive

  - id: done
    type: io.kestra.plugin.core.log.Log
    message: Report ready

errors:
  - id: notify
    type: io.kestra.plugin.core.log.Log
    level: ERROR
    message: "{{ errorLogs()[0]['taskId'] }} failed"

triggers:
  - id: every_morning
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "0 6 * * 1-5"
    timezone: Europe/Paris
  - id: from_crm
    type: io.kestra.plugin.core.trigger.Webhook
    key: 4f9c2a7d-report
`;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
await page.goto(`${base}/sign-in`);
await page.getByLabel("Email").fill(admin.email);
await page.getByLabel("Password").fill(admin.password);
await page.getByRole("button", { name: "Sign in" }).click();
await page.getByTestId("whoami").waitFor();
// The page's session signs the API calls too; state changes carry our Origin, as the pages' own do.
const yaml = { "Content-Type": "application/x-yaml", Origin: base };
const post = await page.request.post(`${base}/api/v1/flows`, { headers: yaml, data: flow });
if (post.status() === 409)
  await page.request.put(`${base}/api/v1/flows/company.data/daily_report`, { headers: yaml, data: flow });
await page.goto(`${base}/flows/company.data/daily_report`);
await page.locator(".monaco-editor").waitFor();
await page.getByTestId("node-extract").click();
await page.getByTestId("task-form").waitFor();
await page.waitForTimeout(500);
await page.screenshot({ path: "docs/editor.png" });
await page.getByRole("button", { name: /Run/ }).click();
await page.waitForURL(/\/executions\//);
await page.getByTestId("execution-state").getByText("SUCCESS").waitFor({ timeout: 60_000 });
await page.waitForTimeout(300);
await page.screenshot({ path: "docs/execution.png" });
await page.goto(`${base}/triggers`);
await page.getByText("every_morning").waitFor();
await page.waitForTimeout(300);
await page.screenshot({ path: "docs/triggers.png" });
await browser.close();
await server?.stop();
