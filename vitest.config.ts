import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts"],
          exclude: ["lib/**/*.int.test.ts", "node_modules/**"],
        },
      },
      {
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
