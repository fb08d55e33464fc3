import { afterAll, beforeAll, expect } from "vitest";
import { Executor } from "../orchestrator/executor";
import type { ExecutorDeps } from "../deps/executor-deps";
import { leftoverContainers } from "./run-flow";
import { storageFromConfig } from "../storage/storage-from-config";
import { createTestDeps } from "./test-deps";

/**
 * Real parts and a running executor for a test file, torn down after it: no container may be
 * left behind. Read `deps` and `executor` inside tests (they are set in beforeAll). `overrides` may
 * be a function, read in beforeAll, for settings known only then (a server the file started);
 * with OSPREY_STORAGE_URL among them, files go to that store instead of a local folder.
 */
export function useTestExecutor(overrides: Record<string, string> | (() => Record<string, string>) = {}): {
  deps: ExecutorDeps;
  executor: Executor;
} {
  const ctx = {} as { deps: ExecutorDeps; executor: Executor };
  beforeAll(async () => {
    const deps = await createTestDeps(typeof overrides === "function" ? overrides() : overrides);
    ctx.deps = deps.config.OSPREY_STORAGE_URL ? { ...deps, storage: storageFromConfig(deps.config) } : deps;
    ctx.executor = new Executor(ctx.deps);
    ctx.executor.start();
    // Its sweep of orphaned containers must not meet the containers a test makes by hand.
    await ctx.executor.recovered;
  });
  afterAll(async () => {
    await ctx.executor.stop();
    expect(await leftoverContainers(ctx.deps)).toEqual([]);
    await ctx.deps.db.$disconnect();
    await ctx.deps.templates.close();
  });
  return ctx;
}
