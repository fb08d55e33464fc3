/**
 * Takes the README's screenshots (docs/*.png) from a running server, signed in as an admin:
 * `OSPREY_ADMIN_PASSWORD=… npx tsx scripts/screenshots.ts http://127.0.0.1:3000`. Seeds its own flow.
 */
import { chromium } from "@playwright/test";
import { config } from "../lib/config";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
if (!config.OSPREY_ADMIN_PASSWORD) throw new Error("set OSPREY_ADMIN_PASSWORD (and OSPREY_ADMIN_EMAIL) to an admin's sign-in");
const flow = `# Screenshot flow: a Python task hands a value to a shell task.
id: daily_report
namespace: company.data
description: Build a small report in Python, then archive it.
labels:
  team: data

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
      for batch in range(1, 6):
          rows += batch * 100
          print(f"batch {batch}: {rows} rows so far")
          time.sleep(0.2)
      print('::{"outputs":{"rows":' + str(rows) + '}}::')

  - id: archive
    type: io.kestra.plugin.scripts.shell.Commands
    commands:
      - echo "archiving report"
      - uname -a

  - id: done
    type: io.kestra.plugin.core.log.Log
    message: Report ready
`;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
await page.goto(`${base}/sign-in`);
await page.getByLabel("Email").fill(config.OSPREY_ADMIN_EMAIL);
await page.getByLabel("Password").fill(config.OSPREY_ADMIN_PASSWORD);
await page.getByRole("button", { name: "Sign in" }).click();
await page.getByTestId("whoami").waitFor();
// The page's session signs the API calls too; state changes carry our Origin, as the pages' own do.
const yaml = { "Content-Type": "application/x-yaml", Origin: base };
const post = await page.request.post(`${base}/api/v1/flows`, { headers: yaml, data: flow });
if (post.status() === 409) await page.request.put(`${base}/api/v1/flows/company.data/daily_report`, { headers: yaml, data: flow });
await page.goto(`${base}/flows/company.data/daily_report`);
await page.locator(".monaco-editor").waitFor();
await page.locator(".view-lines").click();
await page.keyboard.press("ControlOrMeta+End");
await page.waitForTimeout(500);
await page.screenshot({ path: "docs/editor.png" });
await page.getByRole("button", { name: /Run/ }).click();
await page.waitForURL(/\/executions\//);
await page.getByTestId("execution-state").getByText("SUCCESS").waitFor({ timeout: 60_000 });
await page.waitForTimeout(300);
await page.screenshot({ path: "docs/execution.png" });
await browser.close();
