// log-viewer-1m: the execution page of a 1,000,000-line execution in Chromium: time to the first
// rendered line, time until every line is loaded, frame times while scrolling through it, and a
// search over all of it. The run itself is timed against plain `docker run` of the same command.
import { startServer } from "../lib/testing/start-server";
import { launchChromium, signedInPage } from "./lib/browser";
import { putFlow, runToEnd, shellFlow } from "./lib/api";
import { median, ratioLine, timeDockerRun } from "./lib/measure";

const LINES = Number(process.argv[2] ?? 1_000_000);
const IMAGE = "osprey/shell:latest";
const COMMAND = `seq 1 ${LINES} | sed "s/^/line /"`;

const server = await startServer(3200);
const browser = await launchChromium();
try {
  await putFlow(server, shellFlow("viewer", IMAGE, [[COMMAND]]));
  const { ms: runMs, id } = await runToEnd(server, "bench", "viewer", { pollMs: 200 });
  const docker = await timeDockerRun(IMAGE, COMMAND, true);
  console.log(ratioLine(`log-viewer-1m run (${LINES.toLocaleString("en")} lines stored)`, runMs, docker, 1.5));

  const page = await signedInPage(browser, server.baseUrl);

  const opened = performance.now();
  await page.goto(`${server.baseUrl}/executions/${id}`);
  await page.getByTestId("log").locator("[data-seq]").first().waitFor();
  const firstRender = performance.now() - opened;
  await page
    .getByTestId("shown-count")
    .filter({ hasText: new RegExp(`^${(LINES + 1).toLocaleString("en").slice(0, -3)}`) })
    .waitFor({ timeout: 300_000 });
  const allLoaded = performance.now() - opened;

  // Frame durations while scrolling, one step per frame: like a mouse wheel (60 px, three lines
  // a frame, from the middle of the log) and like dragging the scrollbar from top to bottom in 240
  // steps (every visible line replaced each frame).
  const scrollFrames = (mode: "wheel" | "drag") =>
    page.evaluate(async (m) => {
      const el = document.querySelector('[data-testid="log"]') as HTMLElement;
      const steps = 240;
      const start = m === "wheel" ? Math.floor(el.scrollHeight / 2) : 0;
      const stride = m === "wheel" ? 60 : (el.scrollHeight - el.clientHeight) / steps;
      el.scrollTop = start;
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const times: number[] = [];
      let last = performance.now();
      for (let i = 1; i <= steps; i++) {
        el.scrollTop = start + i * stride;
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        const now = performance.now();
        times.push(now - last);
        last = now;
      }
      return times;
    }, mode);
  const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
  const wheel = await scrollFrames("wheel");
  const drag = await scrollFrames("drag");

  const query = "line 99999";
  let expected = 0;
  for (let i = 1; i <= LINES; i++) if (`line ${i}`.includes(query)) expected++;
  const searched = performance.now();
  await page.getByLabel("Search the log").fill(query);
  await page
    .getByTestId("match-count")
    .filter({ hasText: `/ ${expected.toLocaleString("en")}` })
    .waitFor({ timeout: 60_000 });
  const searchMs = performance.now() - searched;
  const rendered = await page.getByTestId("log").locator("[data-seq]").count();

  console.log(
    `log-viewer-1m page: first line ${firstRender.toFixed(0)} ms, all ${LINES.toLocaleString("en")} lines loaded ${(allLoaded / 1000).toFixed(1)} s, ` +
      `wheel-scroll frame median ${median(wheel).toFixed(1)} ms / p95 ${p95(wheel).toFixed(1)} ms (target p95 ≤ 33 ms) ${p95(wheel) <= 33 ? "OK" : "ABOVE TARGET"}, ` +
      `scrollbar-drag frame median ${median(drag).toFixed(1)} ms / p95 ${p95(drag).toFixed(1)} ms, ` +
      `search over all lines ${searchMs.toFixed(0)} ms (incl. 200 ms typing debounce), rows in the page ${rendered}`,
  );
} finally {
  await browser.close();
  await server.stop();
}
