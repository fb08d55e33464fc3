import { describe, expect, it } from "vitest";
import { createDocker } from "../runner/docker/docker-client";
import { useTestDeps } from "../testing/test-deps";
import { checkHealth } from "./check-health";

const t = useTestDeps();

describe("health", () => {
  const gone = createDocker("unix:///nonexistent/osprey-test-docker.sock");

  it("is UP when the database and the engine answer", async () => {
    expect(await checkHealth(t.deps.db, t.deps.docker)).toEqual({
      status: "UP",
      database: "UP",
      docker: "UP",
      storage: "UP",
    });
  });

  it("is DOWN without its engine where it runs containers, UP on a web server whose workers run them", async () => {
    expect(await checkHealth(t.deps.db, gone)).toEqual({
      status: "DOWN",
      database: "UP",
      docker: "DOWN",
      storage: "UP",
    });
    expect(await checkHealth(t.deps.db, gone, false)).toEqual({
      status: "UP",
      database: "UP",
      docker: "DOWN",
      storage: "UP",
    });
  });
});
