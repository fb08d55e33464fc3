import { type ChildOfTest, startChild } from "./start-child";

/** Starts lib/testing/run-executor.ts as its own process with `env` over this one's (DATABASE_URL, OSPREY_WORKER_NAME, …). */
export function startExecutor(env: Record<string, string>): Promise<ChildOfTest> {
  return startChild(
    "lib/testing/run-executor.ts",
    { ...process.env, ...env },
    [],
    `the executor process ${env.OSPREY_WORKER_NAME ?? ""}`,
  );
}
