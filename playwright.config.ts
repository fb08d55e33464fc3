import { defineConfig } from "@playwright/test";
import { TEST_ADMIN_ENV } from "./lib/testing/accounts";

const PORT = Number(process.env.E2E_PORT ?? 3100);

// Debian's Chromium, never a downloaded browser; flags keep it off the network it cannot reach.
export default defineConfig({
  testDir: "e2e",
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    // Pages run as the admin signed in by global-setup; specs that need another role sign in themselves.
    storageState: "e2e/.auth/admin.json",
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: `bash scripts/e2e-server.sh ${PORT}`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    // Many specs sign in from one address within a minute; the limit itself is proven on its own
    // server by e2e/sign-in-limit.spec.ts, so here it must not depend on how fast the specs run.
    env: { ...TEST_ADMIN_ENV, OSPREY_SIGNIN_PER_MINUTE: "1000" },
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
