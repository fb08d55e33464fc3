import { chromium } from "@playwright/test";
import { TEST_ADMIN } from "./lib/testing/accounts";
import { startServer } from "./lib/testing/start-server";
import { putFlow, runToEnd, shellFlow } from "./bench/lib/api";
const server = await startServer(3201);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
try {
  await putFlow(server, shellFlow("v", "osprey/shell:latest", [["seq 1 20000"]]));
  const { id } = await runToEnd(server, "bench", "v", { pollMs: 200 });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${server.baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(TEST_ADMIN.email);
  await page.getByLabel("Password").fill(TEST_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("whoami").waitFor();
  await page.goto(`${server.baseUrl}/executions/${id}`);
  await page.getByTestId("shown-count").filter({ hasText: /^20,0/ }).waitFor();
  const run = (label: string) => page.evaluate(async () => {
    const el = document.querySelector('[data-testid="log"]') as HTMLElement;
    const stride = (el.scrollHeight - el.clientHeight) / 100; const t: number[] = []; let last = performance.now();
    for (let i = 1; i <= 100; i++) { el.scrollTop = i * stride; await new Promise((r) => requestAnimationFrame(() => r(null))); const n = performance.now(); t.push(n - last); last = n; }
    return t.sort((a,b)=>a-b)[50];
  }).then((m) => console.log(label, m));
  await run("as is");
  await page.evaluate(() => { (document.querySelector('[data-testid="flow-graph"]') as HTMLElement).style.display = "none"; });
  await run("graph hidden");
  await page.evaluate(() => { (document.querySelector('[data-testid="task-runs"]')!.parentElement as HTMLElement).style.display = "none"; });
  await run("left column hidden");
  await page.evaluate(() => { document.querySelectorAll('[data-testid="log"] [data-seq] span').forEach((s) => ((s as HTMLElement).style.color = "white")); });
  await run("+ small step");
  const small = await page.evaluate(async () => {
    const el = document.querySelector('[data-testid="log"]') as HTMLElement; el.scrollTop = 0; const t: number[] = []; let last = performance.now();
    for (let i = 1; i <= 100; i++) { el.scrollTop = i * 60; await new Promise((r) => requestAnimationFrame(() => r(null))); const n = performance.now(); t.push(n - last); last = n; }
    return t.sort((a,b)=>a-b)[50];
  });
  console.log("small steps (3 rows per frame)", small);
} finally { await browser.close(); await server.stop(); }
