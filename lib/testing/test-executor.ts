import { afterAll, beforeAll, expect } from "vitest";
import { Executor } from "../orchestrator/executor";
import type { ExecutorDeps } from "../deps/executor-deps";
import { leftoverContainers } from "./run-flow";
import { createTestDeps } from "./test-deps";

/**
 * Real parts and a running executor for a test file, torn down after it: no container may be
 * left behind. Read `deps` and `executor` inside tests (they are set in beforeAll).
 */
export function useTestExecutor(overrides: Record<string, string> = {}): { deps: ExecutorDeps; executor: Executor } {
  const ctx = {} as { deps: ExecutorDeps; executor: Executor };
  beforeAll(async () => {
    ctx.deps = await createTestDeps(overrides);
    ctx.executor = new Executor(ctx.deps);
    ctx.executor.start();
  });
  afterAll(async () => {
    await ctx.executor.stop();
    expect(await leftoverContainers(ctx.deps)).toEqual([]);
    await ctx.deps.db.$disconnect();
    await ctx.deps.templates.close();
  });
  return ctx;
}
