import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createExecution } from "../executions/create-execution";
import { saveFlow } from "../flows/save-flow";
import { createWebhookHandler } from "../http/webhook-route";
import { readLogs } from "../logs/read-logs";
import { NamespaceFiles } from "../namespace-files/namespace-files";
import { type GitTestServer, startGitServer } from "../plugins/git/git-test-server";
import { DbRateLimiter } from "../rate-limit/db-rate-limiter";
import { pushImage, splitTag } from "../runner/docker/build-image";
import { State } from "../states/states";
import { waitForEnd } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";
import { readExamples } from "./example-catalog";
import type { TExample } from "./example-file";
import { type HttpReceiver, type SmtpReceiver, startHttpReceiver, startSmtpReceiver } from "./example-services";

// Every example of the gallery runs on the real executor, so none rots: it must end in the state it
// says it demonstrates (SUCCESS unless its header says otherwise). The services examples need are
// started here and given through their inputs: an HTTP receiver (HTTP, notifications), an SMTP server,
// a git server, the suite's private registry; loopback is allowed as an admin would allow it.
const NS = "company.team";
const SMTP_PASSWORD = "smtp-pass-4Rk";
const GIT_PASSWORD = "git-pass-8Vw";
const registry = JSON.parse(inject("registry")) as { address: string; user: string; password: string };
const b64 = (text: string) => Buffer.from(text).toString("base64");
const t = useTestExecutor({
  OSPREY_HTTP_ALLOW_PRIVATE: "true",
  SECRET_SMTP_PASSWORD: b64(SMTP_PASSWORD),
  SECRET_REGISTRY_PASSWORD: b64(registry.password),
});

const examples = readExamples();
const byId = new Map(examples.map((e) => [e.id, e]));
let http: HttpReceiver;
let smtp: SmtpReceiver;
let git: GitTestServer;
let gitHost = "";
const privateImage = `${registry.address}/osprey/examples-python:${Date.now()}`;

beforeAll(async () => {
  [http, smtp, git] = await Promise.all([
    startHttpReceiver(),
    startSmtpReceiver("reports@example.com", SMTP_PASSWORD),
    startGitServer("osprey", GIT_PASSWORD),
  ]);
  git.createRepo("demo", { "README.md": "a demo repository\n", "src/app.py": "print('app')\n" });
  // The clone runs in a container: it reaches this machine through the Docker bridge's gateway.
  const bridge = await t.deps.docker.getNetwork("bridge").inspect();
  gitHost = bridge.IPAM?.Config?.[0]?.Gateway ?? "172.17.0.1";
  // A private image only the registry has, so the example must pull it with its credentials.
  const { repo, tag } = splitTag(privateImage);
  await t.deps.docker.getImage(t.deps.config.OSPREY_IMAGE_PYTHON).tag({ repo, tag });
  const auth = { username: registry.user, password: registry.password, serveraddress: registry.address };
  await pushImage(t.deps.docker, privateImage, auth, () => undefined);
  await t.deps.docker.getImage(privateImage).remove();
  const files = new NamespaceFiles(t.deps.storage, NS, t.deps.config.OSPREY_MAX_NAMESPACE_FILE_BYTES);
  await files.write("scripts/hello.py", 'print("hello from a namespace file")\n');
  await files.write("scripts/query.sql", "SELECT 1 AS answer");
  // Saved before anything runs, so it hears every execution that fails.
  await saveFlow(t.deps.db, byId.get("flow-trigger")!.source, { create: true });
});
afterAll(async () => {
  await Promise.all([http?.close(), smtp?.close(), git?.close()]);
  await t.deps.docker
    .getImage(privateImage)
    .remove()
    .catch(() => undefined);
});

type Ran = Awaited<ReturnType<typeof run>>;
async function run(example: TExample, inputs: Record<string, unknown> = {}) {
  await saveFlow(t.deps.db, example.source, { create: true });
  const created = await createExecution(t.deps.db, NS, example.id, inputs, undefined, { secrets: t.deps.secrets });
  t.executor.wake();
  // Generous: on a loaded machine a run can wait long for its containers; a stuck one still fails.
  const execution = await waitForEnd(t.deps, created.id, 150_000);
  const logs = (await readLogs(t.deps.db, created.id, { limit: 10_000 })).map((l) => l.message);
  return { execution, logs };
}

/** Per example: the inputs pointing it at this test's services, and what must have happened besides its state. */
const SETUPS: Record<string, { inputs?: () => Record<string, unknown>; check?: (ran: Ran) => void }> = {
  "hello-world": {
    check: ({ logs }) => expect(logs).toContain("Hello, Osprey user! This is company.team.hello-world."),
  },
  "python-script": { check: ({ logs }) => expect(logs).toContain("5 readings, mean 20.96") },
  "python-kestra-library": { check: ({ logs }) => expect(logs).toContain("sum of squares: 30") },
  "nodejs-script": { check: ({ logs }) => expect(logs).toContain("QUICK") },
  "r-script": { check: ({ logs }) => expect(logs).toContain("R says the mean is 169.2") },
  "shell-commands": { check: ({ logs }) => expect(logs.some((l) => l.startsWith("generated at "))).toBe(true) },
  "docker-options": { check: ({ logs }) => expect(logs).toContain("memory limit: 268435456 bytes") },
  "docker-private-registry": {
    inputs: () => ({ image: privateImage, username: registry.user }),
    check: ({ logs }) => expect(logs).toContain("this runs in a private image"),
  },
  parallel: { check: ({ logs }) => expect(logs).toContain("155 rows extracted") },
  foreach: { check: ({ logs }) => expect(logs).toContain("eu has 20 rows, apac 40") },
  "foreach-item": { check: ({ logs }) => expect(logs).toContain("3 batches processed") },
  subflow: { check: ({ logs }) => expect(logs.some((l) => / said hello from depth 1$/.test(l))).toBe(true) },
  "errors-finally": {
    check: ({ logs }) => {
      expect(logs).toContain("extract failed: command exited with code 1");
      expect(logs).toContain("cleaning up, whatever happened");
    },
  },
  retries: { check: ({ logs }) => expect(logs).toContain("succeeded on the third attempt") },
  "input-types": { check: ({ logs }) => expect(logs.join("\n")).toContain("region eu-west-1, channels email, slack") },
  "namespace-files": {
    check: ({ logs }) =>
      expect(logs).toEqual(expect.arrayContaining(["hello from a namespace file", "SELECT 1 AS answer"])),
  },
  "kv-store": { check: ({ logs }) => expect(logs.at(-1)).toBe('keys ["last_run"]; deleted true; absent now: true') },
  "http-request": {
    inputs: () => ({ url: `${http.base}/mock` }),
    check: () => expect(http.received.find((r) => r.url === "/mock")?.body).toContain('"product": "osprey"'),
  },
  "http-download-json": {
    inputs: () => ({ url: `${http.base}/users` }),
    check: ({ logs }) => expect(logs.some((l) => l.endsWith("bytes, 3 records as CSV"))).toBe(true),
  },
  "outputs-between-tasks": {
    check: ({ execution }) =>
      expect(execution.outputs).toEqual({ summary: "2 scores above the threshold (owner data-team)" }),
  },
  "slack-notification": {
    inputs: () => ({ webhook_url: `${http.base}/slack` }),
    check: () => expect(http.received.find((r) => r.url === "/slack")?.body).toContain("loaded 42 rows"),
  },
  "failure-alert": {
    inputs: () => ({ webhook_url: `${http.base}/alert` }),
    check: () => expect(http.received.find((r) => r.url === "/alert")?.body).toContain("The nightly load failed"),
  },
  "teams-discord": {
    inputs: () => ({ teams_url: `${http.base}/teams`, discord_url: `${http.base}/discord` }),
    check: () => expect(http.received.filter((r) => ["/teams", "/discord"].includes(r.url))).toHaveLength(2),
  },
  "mail-send": {
    inputs: () => ({ smtp_host: "127.0.0.1", smtp_port: smtp.port, transport: "SMTP", to: "ops@example.com" }),
    check: () => {
      const mail = smtp.received.find((m) => m.subject?.startsWith("Revenue report"));
      expect(mail?.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
        ["revenue.csv", "region,revenue\neu,1200\nus,1850\n"],
      ]);
    },
  },
  "sqlite-query": { check: ({ logs }) => expect(logs).toContain("ada: 37.75 bob: 12 ") },
  "duckdb-query": { check: ({ logs }) => expect(logs).toContain("2 products summarised") },
  "csv-ion-json": {
    check: ({ logs }) => expect(logs.join("\n")).toContain('{"id":"2","name":"Grace","city":"New York"}'),
  },
  "compress-files": { check: ({ logs }) => expect(logs).toContain("the archive holds README.txt, data/values.csv") },
  "git-clone": {
    inputs: () => ({ repository: git.url("demo", gitHost), username: "osprey", password: GIT_PASSWORD }),
    check: ({ logs }) => expect(logs).toContain("./src/app.py"),
  },
};

/** Examples whose test is not a plain run (below), and the one that needs an image we may not have. */
const SPECIAL = new Set(["webhook-trigger", "flow-trigger", "julia-script"]);

describe.concurrent("every example runs and ends in the state it demonstrates", () => {
  for (const example of examples.filter((e) => !SPECIAL.has(e.id))) {
    const setup = SETUPS[example.id] ?? {};
    it(example.id, async () => {
      const ran = await run(example, setup.inputs?.());
      const expected = example.expectedState ?? State.SUCCESS;
      expect(ran.execution.state, `${ran.logs.slice(-8).join("\n")}`).toBe(expected);
      setup.check?.(ran);
    }, 180_000);
  }
});

describe("the examples that need more than a run", () => {
  it("julia-script, where a Julia image exists", async (ctx) => {
    const image = t.deps.config.OSPREY_IMAGE_JULIA;
    const present = await t.deps.docker
      .getImage(image)
      .inspect()
      .then(
        () => true,
        () => false,
      );
    if (!present) {
      console.log(`[skip] julia-script: no image ${image} on this Docker engine; set OSPREY_IMAGE_JULIA to run it`);
      ctx.skip();
    }
    const ran = await run(byId.get("julia-script")!);
    expect(ran.execution.state).toBe(State.SUCCESS);
    expect(ran.logs.join("\n")).toContain("primes below 50: 2, 3, 5");
  });

  it("schedule-trigger registers its schedule with its next tick", async () => {
    const row = await t.deps.db.trigger.findFirst({
      where: { namespace: NS, flowId: "schedule-trigger", triggerId: "every_morning" },
    });
    expect(row?.nextDate?.getTime()).toBeGreaterThan(Date.now());
  });

  it("webhook-trigger: a POST with its key starts it, reading the JSON body", async () => {
    const example = byId.get("webhook-trigger")!;
    await saveFlow(t.deps.db, example.source, { create: true });
    const limiter = new DbRateLimiter(t.deps.db, "examples-webhook", 100, 60_000);
    const failedLimiter = new DbRateLimiter(t.deps.db, "examples-webhook-failed", 100, 60_000);
    const handler = createWebhookHandler(async () => ({
      deps: t.deps,
      limiter,
      failedLimiter,
      wake: () => t.executor.wake(),
    }));
    const path = { namespace: NS, flowId: example.id, key: "change-me-to-a-long-random-key" };
    const res = await handler(
      new Request(`http://osprey.test/api/v1/executions/webhook/${NS}/${example.id}/${path.key}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ order: 1042, customer: "ada" }),
      }),
      { params: Promise.resolve(path) },
    );
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    expect((await waitForEnd(t.deps, id)).state).toBe(State.SUCCESS);
    const logs = (await readLogs(t.deps.db, id)).map((l) => l.message);
    expect(logs).toContain("received order 1042 for ada");
  });

  it("flow-trigger started once for each example above that ended FAILED or WARNING, naming it", async () => {
    await t.executor.idle();
    const rows = await t.deps.db.execution.findMany({ where: { namespace: NS, flowId: "flow-trigger" } });
    const heard: string[] = [];
    for (const row of rows) {
      const execution = await waitForEnd(t.deps, row.id);
      expect(execution.state).toBe(State.SUCCESS);
      heard.push(...(await readLogs(t.deps.db, row.id)).map((l) => l.message.split(" ")[0]));
    }
    const failing = examples.filter((e) => e.expectedState && !SPECIAL.has(e.id)).map((e) => `${NS}.${e.id}`);
    expect(heard.sort()).toEqual(failing.sort());
  });
});
