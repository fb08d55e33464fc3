import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StateEvent } from "../logs/log-bus";
import { createTestDeps } from "../testing/test-deps";
import { leftoverContainers, runFlow } from "../testing/run-flow";
import type { ExecutorDeps } from "../deps/executor-deps";

// The leaks found by attacking a running Osprey, each on the real engine: nothing anyone can read
// (stored log, stored outputs, task properties as run, errors, live state events) holds a secret.
let deps: ExecutorDeps;
const published: StateEvent[] = [];
beforeAll(async () => {
  deps = await createTestDeps();
  const publish = deps.bus.publishState.bind(deps.bus);
  deps.bus.publishState = (event) => {
    published.push(event);
    publish(event);
  };
  await deps.secrets.set("it.mask", "NL", "tok3n-value\n"); // pasted from a file, newline and all
  await deps.secrets.set("it.mask", "QUOTE", 'pa"ss-word');
  await deps.secrets.set("it.mask", "PEM", "-----BEGIN KEY-----\nMIIEpAIBAAKCAQEA\n-----END KEY-----\n");
  await deps.secrets.set("it.mask", "IMAGE", "secret-registry.invalid/private-image-name:v1");
});
afterAll(async () => {
  expect(await leftoverContainers(deps)).toEqual([]);
  await deps.db.$disconnect();
  await deps.templates.close();
});

const CLEAR = ["tok3n-value", 'pa"ss-word', 'pa\\"ss-word', "MIIEpAIBAAKCAQEA", "private-image-name"];

/** Everything a viewer can read about an execution, as text. */
async function readable(executionId: string): Promise<string> {
  const execution = await deps.db.execution.findUniqueOrThrow({
    where: { id: executionId },
    include: { taskRuns: true, logChunks: true },
  });
  return JSON.stringify(execution) + JSON.stringify(published.filter((e) => e.executionId === executionId));
}

describe("secrets are never readable", () => {
  it("masks a secret with a trailing newline, one with a quote, and each line of a multi-line one, in logs, outputs and properties", async () => {
    const { execution, logs } = await runFlow(
      deps,
      `id: leaks
namespace: it.mask
tasks:
  - id: leak
    type: io.kestra.plugin.scripts.shell.Commands
    env:
      A: "{{ secret('NL') }}"
      B: "{{ secret('QUOTE') }}"
      C: "{{ secret('PEM') }}"
      D: "{{ secret('NL') | trim | upper }}"
    commands:
      - echo "$A"
      - echo "quote $B"
      - echo "$C"
      - printf '%s' "$A" | od -An -tx1 | tr -d ' \\n'; echo
      - printf 'split tok3n'; sleep 0.3; printf -- '-value across writes\\n'
      - echo '::{"outputs":{"b":"'"$(printf '%s' "$B" | sed 's/"/\\\\"/g')"'","d":"'$D'"}}::'
`,
    );
    expect(execution.state).toBe("SUCCESS");
    const messages = logs.map((l) => l.message);
    expect(messages).toContain("****");
    expect(messages).toContain("quote ****");
    expect(messages).toContain("split **** across writes");
    const text = await readable(execution.id);
    for (const clear of [...CLEAR, Buffer.from("tok3n-value").toString("hex")]) expect(text).not.toContain(clear);
    // The properties as run are rendered with every secret() as ****, including what is computed from one.
    const props = execution.taskRuns[0].properties as { env: Record<string, string> };
    expect(props.env).toEqual({ A: "****", B: "****", C: "****", D: "****" });
    expect(execution.taskRuns[0].outputs).toMatchObject({ vars: { b: "****" } });
  });

  it("masks a secret in an error, stored and published live", async () => {
    const { execution } = await runFlow(
      deps,
      `id: errleak
namespace: it.mask
tasks:
  - id: pull
    type: io.kestra.plugin.scripts.shell.Commands
    docker:
      image: "{{ secret('IMAGE') }}"
      pullPolicy: NEVER
    commands: ["true"]
`,
    );
    expect(execution.state).toBe("FAILED");
    expect(execution.taskRuns[0].error).toContain("****");
    const events = published.filter((e) => e.executionId === execution.id && e.message);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.message!.includes("****"))).toBe(true);
    expect(await readable(execution.id)).not.toContain("private-image-name");
  });
});
