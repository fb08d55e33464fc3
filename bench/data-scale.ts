// data-scale: the pages and APIs a team reads every day, on a database seeded at a team's size
// (scripts/seed-scale.ts), against a production server (`next build` first):
//   DATABASE_URL=file:/tmp/scale/osprey.db npx tsx bench/data-scale.ts [runs]
// Each figure is the median and p95 of `runs` timed runs after one warm-up, against its goal: an
// API answer ≤ 200 ms, a page's main content visible in headless Chromium ≤ 1 s.
import type { Page } from "@playwright/test";
import { exportDatabaseUrlForPrisma } from "../lib/config";
import { startServer } from "../lib/testing/start-server";
import { launchChromium, signedInPage } from "./lib/browser";
import { call, type Target } from "./lib/api";
import { median, rssMb } from "./lib/measure";

const RUNS = Number(process.argv[2] ?? 7);
const API_GOAL_MS = 200;
const PAGE_GOAL_MS = 1000;

interface Figure {
  name: string;
  kind: "API" | "page";
  times: number[];
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

/** `run` once to warm up, then `RUNS` times timed (each after an untimed `prepare`). */
async function timed(run: () => Promise<void>, prepare?: () => Promise<void>): Promise<number[]> {
  await prepare?.();
  await run(); // warm-up: the first compile of a route, the first read of a table's pages
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await prepare?.();
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}

async function api(target: Target, path: string): Promise<void> {
  const res = await call(target, path);
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

/** Navigation until `selector` (the page's main content) is visible. */
async function pageLoad(page: Page, url: string, selector: string): Promise<void> {
  await page.goto(url, { waitUntil: "commit" });
  await page.locator(selector).first().waitFor({ state: "visible", timeout: 30_000 });
}

/** Values to filter by, read from the seeded data itself. */
async function samples(target: Target) {
  const res = await call(target, "/api/v1/executions/search?size=1&state=SUCCESS");
  const { results } = (await res.json()) as {
    total: number;
    results: { id: string; namespace: string; flowId: string; labels: { key: string; value: string }[] }[];
  };
  if (!results.length) throw new Error("no executions: seed the database first (scripts/seed-scale.ts)");
  const e = results[0];
  const all = (await (await call(target, "/api/v1/executions/search?size=1")).json()) as { total: number };
  const team = e.labels.find((l) => l.key === "team");
  return {
    execution: e.id,
    namespace: e.namespace,
    flowId: e.flowId,
    label: team ? `team:${team.value}` : "",
    total: all.total,
  };
}

const url = exportDatabaseUrlForPrisma();
const server = await startServer(3300, url);
const browser = await launchChromium();
const figures: Figure[] = [];

/** Measures one figure and prints its table row at once (a slow page shows while the rest still runs). */
async function measure(name: string, kind: Figure["kind"], run: () => Promise<void>, prepare?: () => Promise<void>) {
  const goal = kind === "API" ? API_GOAL_MS : PAGE_GOAL_MS;
  try {
    const times = await timed(run, prepare);
    figures.push({ name, kind, times });
    const worst = p95(times);
    console.log(
      `| ${name} | ${kind} | ${median(times).toFixed(0)} ms | ${worst.toFixed(0)} ms | ≤ ${goal} ms | ${worst <= goal ? "OK" : "ABOVE GOAL"} |`,
    );
  } catch (err) {
    console.log(`| ${name} | ${kind} | failed: ${(err as Error).message.split("\n")[0]} | | ≤ ${goal} ms | FAILED |`);
  }
}
try {
  const rssBefore = rssMb(server.pid);
  const s = await samples(server);
  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 16);
  const week = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 16);
  const ns = encodeURIComponent(s.namespace);
  const apis: [string, string][] = [
    ["flows list", "/api/v1/flows/search?page=1&size=25"],
    ["flows list, page 40", "/api/v1/flows/search?page=40&size=25"],
    ["flows search", "/api/v1/flows/search?q=flow_0042&size=25"],
    ["executions list", "/api/v1/executions/search?size=25"],
    ["executions list, page 40", "/api/v1/executions/search?size=25&page=40"],
    ["executions by namespace", `/api/v1/executions/search?size=25&namespace=${ns}`],
    ["executions by flow", `/api/v1/executions/search?size=25&namespace=${ns}&flowId=${s.flowId}`],
    ["executions by state", "/api/v1/executions/search?size=25&state=FAILED"],
    ["executions by label", `/api/v1/executions/search?size=25&labels=${encodeURIComponent(s.label)}`],
    ["executions by date range", `/api/v1/executions/search?size=25&startDate=${week}&endDate=${day}`],
    ["executions oldest first", "/api/v1/executions/search?size=25&sort=createdAt:asc"],
    ["executions by end, newest", "/api/v1/executions/search?size=25&sort=endedAt:desc"],
    ["an execution", `/api/v1/executions/${s.execution}`],
    ["dashboard 24 h", "/api/v1/stats/dashboard?range=24h&utcOffset=0"],
    ["dashboard 30 days", "/api/v1/stats/dashboard?range=30d&utcOffset=0"],
    ["namespaces", "/api/v1/namespaces/search?size=100"],
    ["a namespace", `/api/v1/namespaces/${ns}`],
  ];
  console.log(
    `data-scale on ${server.databaseUrl.split(":")[0]}, ${s.total.toLocaleString("en")} executions, ${RUNS} runs each`,
  );
  console.log("| What | Kind | Median | p95 | Goal | |");
  console.log("|---|---|---|---|---|---|");
  for (const [name, path] of apis) await measure(name, "API", () => api(server, path));

  const page = await signedInPage(browser, server.baseUrl);
  const base = server.baseUrl;
  const pages: [string, string, string][] = [
    ["dashboard", "/", '[data-testid="executions-chart"]'],
    ["flows", "/flows", '[data-testid="flows"] tbody tr'],
    ["flows search", "/flows?q=flow_0042", '[data-testid="flows"] tbody tr'],
    ["executions", "/executions", '[data-testid="executions"] tbody tr'],
    ["executions by namespace", `/executions?namespace=${ns}`, '[data-testid="executions"] tbody tr'],
    ["executions by state", "/executions?state=FAILED", '[data-testid="executions"] tbody tr'],
    ["an execution", `/executions/${s.execution}`, '[data-testid="log"] [data-seq]'],
    ["namespaces", "/namespaces", '[data-testid="namespaces"] a'],
    ["a namespace", `/namespaces/${ns}`, '[data-testid="overview-flows"]'],
  ];
  for (const [name, path, selector] of pages)
    await measure(name, "page", () => pageLoad(page, `${base}${path}`, selector));
  // The dashboard's 30 days: from the click until the chart shows the new range's answer.
  await pageLoad(page, `${base}/`, '[data-testid="executions-chart"]');
  const switchRange = async (label: string, range: string) => {
    const answered = page.waitForResponse((r) => r.url().includes(`range=${range}`));
    await page.getByRole("radio", { name: label }).click();
    await (await answered).finished();
    await page.getByRole("radio", { name: label, checked: true }).waitFor();
  };
  await measure(
    "dashboard 30 days",
    "page",
    () => switchRange("30 days", "30d"),
    () => switchRange("24 hours", "24h"),
  );
  const rssAfter = rssMb(server.pid);

  console.log(`server RSS: ${rssBefore.toFixed(0)} MB after start, ${rssAfter.toFixed(0)} MB after the runs`);
} finally {
  await browser.close();
  await server.stop();
}
