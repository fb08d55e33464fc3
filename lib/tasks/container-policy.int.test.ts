import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from "vitest";
import type { ExecutorDeps } from "../deps/executor-deps";
import { createTestDeps } from "../testing/test-deps";
import { leftoverContainers, runFlow } from "../testing/run-flow";
import { pushImage, splitTag } from "../runner/docker/build-image";

// One rule per test, on the real engine: each refusal ends the task FAILED with a message naming
// the setting, in its error and its log, before anything reaches Docker.

const {
  address: REGISTRY,
  user: USER,
  password: PASSWORD,
} = JSON.parse(inject("registry")) as { address: string; user: string; password: string };

const opened: ExecutorDeps[] = [];
async function depsWith(overrides: Record<string, string> = {}): Promise<ExecutorDeps> {
  const deps = await createTestDeps(overrides);
  opened.push(deps);
  return deps;
}

let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await depsWith();
});
afterAll(async () => {
  for (const d of opened) {
    expect(await leftoverContainers(d)).toEqual([]);
    await d.db.$disconnect();
  }
});

const shellTask = (docker: string, commands = '["true"]') =>
  `id: t\n    type: io.kestra.plugin.scripts.shell.Commands\n    docker: ${docker}\n    commands: ${commands}`;
const flow = (id: string, task: string) => `id: ${id}\nnamespace: it.policy\ntasks:\n  - ${task}\n`;

/** The run ended FAILED at its first task, refused with `message`, and no container was made for it. */
async function expectRefused(run: Awaited<ReturnType<typeof runFlow>>, message: RegExp) {
  const { execution, logs } = run;
  expect(execution.state, JSON.stringify(logs.slice(-4))).toBe("FAILED");
  expect(execution.taskRuns[0].state).toBe("FAILED");
  expect(execution.taskRuns[0].error).toMatch(message);
  expect(execution.taskRuns[0].containerId).toBeNull();
  expect(logs.some((l) => l.level === "ERROR" && message.test(l.message))).toBe(true);
}

/** An HTTP server on the host's loopback only, answering with a token; counts requests. */
async function loopbackServer(token: string): Promise<{ server: Server; port: number; hits: () => number }> {
  let hits = 0;
  const server = createHttpServer((_req, res) => {
    hits++;
    res.end(token);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as { port: number }).port, hits: () => hits };
}

describe("networkMode", () => {
  it("host is refused by default; when an admin allows it, the container really reaches the server's loopback", async () => {
    const token = `loopback-${Date.now()}`;
    const { server, port, hits } = await loopbackServer(token);
    try {
      const yaml = flow(
        "hostnet",
        `id: t\n    type: io.kestra.plugin.scripts.python.Script\n    docker: {image: "osprey/python:latest", networkMode: host}\n    script: |\n      import urllib.request\n      print(urllib.request.urlopen("http://127.0.0.1:${port}/").read().decode())\n`,
      );
      await expectRefused(await runFlow(deps, yaml), /networkMode host .* OSPREY_ALLOW_HOST_NETWORK=true/);
      expect(hits()).toBe(0);

      const allowed = await depsWith({ OSPREY_ALLOW_HOST_NETWORK: "true" });
      const { execution, logs } = await runFlow(allowed, yaml);
      expect(execution.state, JSON.stringify(logs.slice(-4))).toBe("SUCCESS");
      expect(logs.map((l) => l.message)).toContain(token);
      expect(hits()).toBe(1);
    } finally {
      server.close();
    }
  });

  it("container:<id> is refused, in the taskRunner form too", async () => {
    await expectRefused(
      await runFlow(
        deps,
        flow("containernet", shellTask('{image: "osprey/shell:latest", networkMode: "container:abc123"}')),
      ),
      /container:abc123 .* OSPREY_ALLOW_HOST_NETWORK/,
    );
    const runner = `id: t\n    type: io.kestra.plugin.scripts.shell.Commands\n    taskRunner: {type: io.kestra.plugin.scripts.runner.docker.Docker, networkMode: host}\n    commands: ["true"]`;
    await expectRefused(await runFlow(deps, flow("runnernet", runner)), /OSPREY_ALLOW_HOST_NETWORK/);
  });
});

describe("ports and devices", () => {
  it("portBindings are refused", async () => {
    await expectRefused(
      await runFlow(deps, flow("ports", shellTask('{image: "osprey/shell:latest", portBindings: ["18080:80"]}'))),
      /portBindings .* OSPREY_ALLOW_PORT_BINDINGS=true/,
    );
  });

  it("deviceRequests are refused", async () => {
    await expectRefused(
      await runFlow(
        deps,
        flow(
          "devices",
          shellTask('{image: "osprey/shell:latest", deviceRequests: [{count: -1, capabilities: [[gpu]]}]}'),
        ),
      ),
      /deviceRequests .* OSPREY_ALLOW_DEVICE_REQUESTS=true/,
    );
  });
});

describe("docker.host and a Build's host", () => {
  it("another socket is refused before any connection; listed by an admin, it is connected to", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "osprey-it-sock-")), "other.sock");
    let connections = 0;
    const recorder = createNetServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => recorder.listen(path, resolve));
    try {
      const host = `unix://${path}`;
      await expectRefused(
        await runFlow(deps, flow("otherhost", shellTask(`{image: "osprey/shell:latest", host: "${host}"}`))),
        /docker.host ".*other.sock" is not this server's Docker engine .*OSPREY_ALLOWED_DOCKER_HOSTS/,
      );
      const build = `id: t\n    type: io.kestra.plugin.docker.Build\n    host: "${host}"\n    tags: ["it-policy/hosted:1"]\n    dockerfile: "FROM osprey/shell:latest"`;
      await expectRefused(
        await runFlow(deps, flow("otherbuildhost", build)),
        /host ".*other.sock" is not this server's Docker engine .*OSPREY_ALLOWED_DOCKER_HOSTS/,
      );
      await expectRefused(
        await runFlow(deps, flow("tcphost", shellTask('{image: "osprey/shell:latest", host: "tcp://127.0.0.1:2375"}'))),
        /OSPREY_ALLOWED_DOCKER_HOSTS/,
      );
      expect(connections).toBe(0);

      // Proof the check is what kept the connection away: allowed, the same task connects.
      const listed = await depsWith({ OSPREY_ALLOWED_DOCKER_HOSTS: host });
      const { execution } = await runFlow(
        listed,
        flow("listedhost", shellTask(`{image: "osprey/shell:latest", host: "${host}"}`)),
      );
      expect(execution.state).toBe("FAILED");
      expect(execution.taskRuns[0].error).not.toMatch(/OSPREY_ALLOWED_DOCKER_HOSTS/);
      expect(connections).toBeGreaterThan(0);
    } finally {
      recorder.close();
    }
  });
});

describe("protected images are local-only", () => {
  it("image: osprey/notlocal with pullPolicy ALWAYS fails as local-only, with no pull", async () => {
    const { execution, logs } = await runFlow(
      deps,
      flow("notlocal", shellTask('{image: "osprey/notlocal", pullPolicy: ALWAYS}')),
    );
    expect(execution.state).toBe("FAILED");
    expect(execution.taskRuns[0].error).toMatch(
      /image osprey\/notlocal is local-only .*OSPREY_PROTECTED_IMAGE_PREFIXES.*never pulled/,
    );
    expect(logs.some((l) => /Pulling|pull of/.test(l.message))).toBe(false);
  });

  it("an image a registry would serve is not pulled once its prefix is protected", async () => {
    const image = `${REGISTRY}/protected/app:${Date.now()}`;
    const { repo, tag } = splitTag(image);
    await deps.docker.getImage(deps.config.OSPREY_IMAGE_SHELL).tag({ repo, tag });
    await pushImage(
      deps.docker,
      image,
      { username: USER, password: PASSWORD, serveraddress: REGISTRY },
      () => undefined,
    );
    await deps.docker.getImage(image).remove();
    const yaml = flow(
      "protectedpull",
      shellTask(
        `{image: "${image}", pullPolicy: ALWAYS, credentials: {username: ${USER}, password: "${PASSWORD}"}}`,
        '["echo pulled and ran"]',
      ),
    );
    try {
      const guarded = await depsWith({ OSPREY_PROTECTED_IMAGE_PREFIXES: `osprey/,${REGISTRY}/protected/` });
      const refused = await runFlow(guarded, yaml);
      expect(refused.execution.taskRuns[0].error).toMatch(/local-only/);
      expect(
        await deps.docker
          .getImage(image)
          .inspect()
          .then(
            () => "present",
            () => "absent",
          ),
      ).toBe("absent");

      // Unprotected, the very same task pulls it: the refusal above was the rule, not the registry.
      const pulled = await runFlow(deps, yaml);
      expect(pulled.execution.state, JSON.stringify(pulled.logs.slice(-4))).toBe("SUCCESS");
      expect(pulled.logs.map((l) => l.message)).toContain(`Pulling image ${image}`);
    } finally {
      await deps.docker
        .getImage(image)
        .remove({ force: true })
        .catch(() => undefined);
    }
  });
});

describe("Docker Build", () => {
  const build = (id: string, body: string) => flow(id, `id: t\n    type: io.kestra.plugin.docker.Build\n${body}`);

  it("checks its FROM images against the allowed registries, with ARGs and buildArgs resolved", async () => {
    const strict = await depsWith({ OSPREY_ALLOWED_REGISTRIES: REGISTRY });
    const tag = `it-policy/argbase:${Date.now()}`;
    onTestFinished(() =>
      strict.docker
        .getImage(tag)
        .remove({ force: true })
        .then(
          () => undefined,
          () => undefined,
        ),
    );
    const dockerfile = `    dockerfile: |\n      ARG BASE=osprey/shell:latest\n      FROM $BASE\n      RUN echo built-from-arg\n`;
    await expectRefused(
      await runFlow(
        strict,
        build("fromdenied", `    tags: ["${tag}"]\n    buildArgs: {BASE: "docker.io/library/alpine:3"}\n${dockerfile}`),
      ),
      /FROM \(Dockerfile line 2\) docker.io\/library\/alpine:3 comes from docker.io, which is not among this server's allowed registries \(OSPREY_ALLOWED_REGISTRIES: /,
    );
    await expectRefused(
      await runFlow(strict, build("fromunknown", `    tags: ["${tag}"]\n    dockerfile: |\n      FROM $NOWHERE\n`)),
      /line 1: FROM \$NOWHERE: \$NOWHERE is not an ARG declared before the first FROM/,
    );
    // The default resolves to a local image: allowed under the same strict list, and built.
    const { execution, logs } = await runFlow(strict, build("fromlocal", `    tags: ["${tag}"]\n${dockerfile}`));
    expect(execution.state, JSON.stringify(logs.slice(-4))).toBe("SUCCESS");
  });

  it("refuses to tag a configured default image or a protected name, and the default image stays as it was", async () => {
    // A default image and a protected prefix of this test's own: run against code without the
    // rule, the build must not overwrite an image other tests (or other people) rely on.
    const defaultShell = `it-policy/default-shell:${Date.now()}`;
    const { repo, tag: version } = splitTag(defaultShell);
    await deps.docker.getImage(deps.config.OSPREY_IMAGE_SHELL).tag({ repo, tag: version });
    const guarded = await depsWith({
      OSPREY_IMAGE_SHELL: defaultShell,
      OSPREY_PROTECTED_IMAGE_PREFIXES: "osprey/,it-policy-protected/",
    });
    const before = (await deps.docker.getImage(defaultShell).inspect()).Id;
    try {
      for (const [tag, message] of [
        [defaultShell, new RegExp(`tag ${defaultShell} is this server's default image .*OSPREY_IMAGE_\\*`)],
        [
          "it-policy-protected/tool:1",
          /tag it-policy-protected\/tool:1 is under a protected prefix \(OSPREY_PROTECTED_IMAGE_PREFIXES: osprey\/, it-policy-protected\/\)/,
        ],
      ] as const) {
        const yaml = build(
          "poison",
          `    tags: ["it-policy/ok:1", "${tag}"]\n    dockerfile: |\n      FROM osprey/shell:latest\n      RUN echo poisoned > /poison\n`,
        );
        await expectRefused(await runFlow(guarded, yaml), message);
      }
      expect((await deps.docker.getImage(defaultShell).inspect()).Id).toBe(before);
      expect(
        await deps.docker
          .getImage("it-policy/ok:1")
          .inspect()
          .then(
            () => "built",
            () => "never built",
          ),
      ).toBe("never built");
    } finally {
      for (const image of [defaultShell, "it-policy/ok:1", "it-policy-protected/tool:1"])
        await deps.docker
          .getImage(image)
          .remove({ force: true })
          .catch(() => undefined);
    }
  });

  it("runs its steps under the server's memory, CPU and nproc limits", async () => {
    const limited = await depsWith({
      OSPREY_DEFAULT_MEMORY: "64Mb",
      OSPREY_DEFAULT_CPUS: "0.5",
      OSPREY_PIDS_LIMIT: "321",
    });
    const tag = `it-policy/limits:${Date.now()}`;
    onTestFinished(() =>
      Promise.all(
        [tag, `${tag}-oom`].map((t) =>
          limited.docker
            .getImage(t)
            .remove({ force: true })
            .catch(() => undefined),
        ),
      ).then(() => undefined),
    );
    // The timestamp keeps the step out of the build cache, so it runs and prints.
    const { execution, logs } = await runFlow(
      limited,
      build(
        "limits",
        `    tags: ["${tag}"]\n    dockerfile: |\n      FROM osprey/python:latest\n      RUN echo run-${Date.now()} && echo "mem $(cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max)" && echo "cpu $(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us 2>/dev/null || cut -d' ' -f1 /sys/fs/cgroup/cpu.max)" && grep 'Max processes' /proc/self/limits\n`,
      ),
    );
    expect(execution.state, JSON.stringify(logs.slice(-6))).toBe("SUCCESS");
    const text = logs.map((l) => l.message);
    expect(text).toContain(`mem ${64 * 1024 * 1024}`);
    expect(text).toContain("cpu 50000");
    expect(text.some((l) => /^Max processes\s+321\s+321\s+processes/.test(l))).toBe(true);

    // A step that needs more memory than the limit is killed, and the build fails.
    const oom = await runFlow(
      limited,
      build(
        "oom",
        `    tags: ["${tag}-oom"]\n    dockerfile: |\n      FROM osprey/python:latest\n      RUN echo run-${Date.now()} && python3 -c "x = b'x' * (200 << 20); print(len(x))"\n`,
      ),
    );
    expect(oom.execution.state).toBe("FAILED");
    expect(oom.execution.taskRuns[0].error).toMatch(/^build failed: .*(137|killed)/i);
  });
});
