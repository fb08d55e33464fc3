import { defineConfig } from "vitest/config";

export default defineConfig({
  // Tests run outside Next's server layer; the guard against client imports is Next's concern.
  // `@/` as in tsconfig, so integration tests can call route handlers.
  resolve: {
    alias: {
      "server-only": new URL("./lib/testing/server-only-stub.ts", import.meta.url).pathname,
      "@": new URL(".", import.meta.url).pathname.replace(/\/$/, ""),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts"],
          exclude: ["lib/**/*.int.test.ts", "node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["lib/**/*.int.test.ts"],
          globalSetup: ["lib/testing/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Docker engine on 2 cores: run files one at a time to keep timings honest.
          fileParallelism: false,
        },
      },
    ],
  },
});
