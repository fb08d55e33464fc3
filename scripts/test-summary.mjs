// Sums the vitest and Playwright JSON reports into one closing line: "tests: N passed, N failed, N skipped".
// Arguments: the SQLite vitest report, the Playwright report, the PostgreSQL vitest report, then the deploy vitest report.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
const [vitestReport, playwrightReport, postgresReport, deployReport] = process.argv.slice(2);

function addVitest(report, tier) {
  if (!existsSync(report)) {
    console.error(`[osprey] no vitest report: the ${tier} tier did not run`);
    failed += 1;
    return;
  }
  const v = JSON.parse(readFileSync(report, "utf8"));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
}

addVitest(vitestReport, "unit/integration");
if (postgresReport) addVitest(postgresReport, "PostgreSQL integration");
if (deployReport) addVitest(deployReport, "deploy (image and compose)");
if (existsSync(playwrightReport)) {
  const s = JSON.parse(readFileSync(playwrightReport, "utf8")).stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
} else {
  console.error("[osprey] no Playwright report: the e2e tier did not run");
  failed += 1;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
