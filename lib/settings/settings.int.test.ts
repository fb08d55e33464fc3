import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ExecutorDeps } from "../deps/executor-deps";
import { createTestDeps } from "../testing/test-deps";
import { leftoverContainers, runFlow } from "../testing/run-flow";
import { effectiveConfig, saveSettings } from "./settings";

let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
beforeEach(async () => {
  await deps.db.setting.deleteMany();
});
afterAll(async () => {
  expect(await leftoverContainers(deps)).toEqual([]);
  await deps.db.$disconnect();
});

const pidsFlow = `id: pids
namespace: it.settings
tasks:
  - id: t
    type: io.kestra.plugin.scripts.shell.Commands
    docker:
      image: osprey/shell:latest
    commands:
      - cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max
`;

describe("settings an admin stores", () => {
  it("apply to the containers of executions that start afterwards", async () => {
    await saveSettings(deps.db, deps.config, { OSPREY_PIDS_LIMIT: "123" }, "admin@it");
    const { execution, logs } = await runFlow(deps, pidsFlow);
    expect(execution.state, JSON.stringify(logs)).toBe("SUCCESS");
    expect(logs.map((l) => l.message)).toContain("123");

    await saveSettings(deps.db, deps.config, { OSPREY_PIDS_LIMIT: "" }, "admin@it");
    const after = await runFlow(deps, pidsFlow);
    expect(after.logs.map((l) => l.message)).toContain(String(deps.config.OSPREY_PIDS_LIMIT));
  });

  it("are refused whole when one value does not parse, naming it", async () => {
    await expect(
      saveSettings(
        deps.db,
        deps.config,
        { OSPREY_ALLOW_PRIVILEGED: "true", OSPREY_DEFAULT_MEMORY: "lots" },
        "admin@it",
      ),
    ).rejects.toThrow(/OSPREY_DEFAULT_MEMORY: "lots"/);
    expect((await effectiveConfig(deps.db, deps.config)).OSPREY_ALLOW_PRIVILEGED).toBe(
      deps.config.OSPREY_ALLOW_PRIVILEGED,
    );
    expect(await deps.db.setting.findMany()).toEqual([]);
  });
});
