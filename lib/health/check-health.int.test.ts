import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutorDeps } from "../executor/executor-deps";
import { createDocker } from "../runner/docker/docker-client";
import { createTestDeps } from "../testing/test-deps";
import { checkHealth } from "./check-health";

let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(async () => {
  await deps.db.$disconnect();
  await deps.templates.close();
});

describe("health", () => {
  const gone = createDocker("unix:///nonexistent/osprey-test-docker.sock");

  it("is UP when the database and the engine answer", async () => {
    expect(await checkHealth(deps.db, deps.docker)).toEqual({ status: "UP", database: "UP", docker: "UP" });
  });

  it("is DOWN without its engine where it runs containers, UP on a web server whose workers run them", async () => {
    expect(await checkHealth(deps.db, gone)).toEqual({ status: "DOWN", database: "UP", docker: "DOWN" });
    expect(await checkHealth(deps.db, gone, false)).toEqual({ status: "UP", database: "UP", docker: "DOWN" });
  });
});
