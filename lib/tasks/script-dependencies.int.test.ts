import { State } from "../states/states";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dependencyVolume } from "../runner/script-dependencies";
import { runFlow } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";

// Kestra's `dependencies` on Python and Node.js tasks, installed from package indexes this test
// serves (no registry is reachable here): a wheel and an npm tarball built in the test, a PyPI
// "simple" index and an npm registry answering for them. Containers reach the host through the
// Docker bridge's gateway.
const t = useTestExecutor();
let server: Server;
let base = "";
const hits: string[] = [];

function buildPackages(dir: string): { wheel: Buffer; tgz: Buffer } {
  // A pure-Python wheel is a zip: the module and its dist-info.
  const src = join(dir, "wheel");
  mkdirSync(join(src, "osprey_hello"), { recursive: true });
  mkdirSync(join(src, "osprey_hello-1.0.dist-info"), { recursive: true });
  writeFileSync(join(src, "osprey_hello", "__init__.py"), 'def greet(who):\n    return f"hello {who} from a wheel"\n');
  writeFileSync(
    join(src, "osprey_hello-1.0.dist-info", "METADATA"),
    "Metadata-Version: 2.1\nName: osprey-hello\nVersion: 1.0\n",
  );
  writeFileSync(
    join(src, "osprey_hello-1.0.dist-info", "WHEEL"),
    "Wheel-Version: 1.0\nGenerator: osprey-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
  );
  writeFileSync(join(src, "osprey_hello-1.0.dist-info", "RECORD"), "");
  const wheelPath = join(dir, "osprey_hello-1.0-py3-none-any.whl");
  execFileSync("python3", [
    "-m",
    "zipfile",
    "-c",
    wheelPath,
    join(src, "osprey_hello"),
    join(src, "osprey_hello-1.0.dist-info"),
  ]);
  // An npm package is a tarball of package/.
  const pkg = join(dir, "npm", "package");
  mkdirSync(pkg, { recursive: true });
  writeFileSync(
    join(pkg, "package.json"),
    JSON.stringify({ name: "osprey-hello", version: "1.0.0", main: "index.js" }),
  );
  writeFileSync(join(pkg, "index.js"), "exports.greet = (who) => `hello ${who} from npm`;\n");
  const tgzPath = join(dir, "osprey-hello-1.0.0.tgz");
  execFileSync("tar", ["-czf", tgzPath, "-C", join(dir, "npm"), "package"]);
  return { wheel: readFileSync(wheelPath), tgz: readFileSync(tgzPath) };
}

beforeAll(async () => {
  const { wheel, tgz } = buildPackages(mkdtempSync(join(tmpdir(), "osprey-packages-")));
  const bridge = await t.deps.docker.getNetwork("bridge").inspect();
  const gateway = (bridge.IPAM?.Config?.[0]?.Gateway as string | undefined) ?? "172.17.0.1";
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    const url = req.url ?? "";
    if (url === "/simple/osprey-hello/") {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end('<a href="/files/osprey_hello-1.0-py3-none-any.whl">osprey_hello-1.0-py3-none-any.whl</a>');
    } else if (url === "/files/osprey_hello-1.0-py3-none-any.whl") {
      res.writeHead(200, { "Content-Type": "application/octet-stream" });
      res.end(wheel);
    } else if (url === "/osprey-hello") {
      const tarball = `${base}/tarballs/osprey-hello-1.0.0.tgz`;
      const shasum = createHash("sha1").update(tgz).digest("hex");
      const integrity = `sha512-${createHash("sha512").update(tgz).digest("base64")}`;
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({
          name: "osprey-hello",
          "dist-tags": { latest: "1.0.0" },
          versions: { "1.0.0": { name: "osprey-hello", version: "1.0.0", dist: { tarball, shasum, integrity } } },
        }),
      );
    } else if (url === "/tarballs/osprey-hello-1.0.0.tgz") {
      res.writeHead(200, { "Content-Type": "application/octet-stream" });
      res.end(tgz);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  base = `http://${gateway}:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("script dependencies", () => {
  it("Python: installed from the index into a cache volume once, reused by the next task; without the cache, each time", async () => {
    const env = `    env: { PIP_INDEX_URL: "${base}/simple/", PIP_TRUSTED_HOST: "${new URL(base).hostname}" }\n`;
    const task = (id: string, extra = "") =>
      `  - id: ${id}\n    type: io.kestra.plugin.scripts.python.Script\n${env}    dependencies: [osprey-hello]\n${extra}    script: |\n      from osprey_hello import greet\n      print(greet("${id}"))\n`;
    await t.deps.docker
      .getVolume(dependencyVolume("python", "osprey/python:latest", ["osprey-hello"]))
      .remove()
      .catch(() => undefined);
    hits.length = 0;
    const { execution, logs } = await runFlow(
      t.deps,
      `id: py_deps\nnamespace: it.deps\ntasks:\n${task("first")}${task("second")}${task("uncached", "    dependencyCacheEnabled: false\n")}`,
      t.executor,
    );
    expect(execution.state, JSON.stringify(logs.map((l) => l.message))).toBe(State.SUCCESS);
    const text = logs.map((l) => l.message);
    expect(text).toEqual(
      expect.arrayContaining(["hello first from a wheel", "hello second from a wheel", "hello uncached from a wheel"]),
    );
    // The cached install happened once; the uncached task fetched again.
    expect(hits.filter((h) => h.endsWith(".whl"))).toHaveLength(2);
  });

  it("Node.js: installed from the registry, found by require and by import", async () => {
    const env = `    env: { NPM_CONFIG_REGISTRY: "${base}/" }\n`;
    const { execution, logs } = await runFlow(
      t.deps,
      `id: node_deps
namespace: it.deps
tasks:
  - id: cjs
    type: io.kestra.plugin.scripts.node.Script
${env}    dependencies: [osprey-hello]
    script: |
      const { greet } = require("osprey-hello");
      console.log(greet("require"));
  - id: esm
    type: io.kestra.plugin.scripts.node.Commands
${env}    dependencies: [osprey-hello]
    inputFiles:
      main.mjs: |
        import hello from "osprey-hello";
        console.log(hello.greet("import"));
    commands: [node main.mjs]
`,
      t.executor,
    );
    expect(execution.state, JSON.stringify(logs.map((l) => l.message))).toBe(State.SUCCESS);
    expect(logs.map((l) => l.message)).toEqual(
      expect.arrayContaining(["hello require from npm", "hello import from npm"]),
    );
  });
});
