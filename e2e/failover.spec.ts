import { execFileSync } from "node:child_process";
import { expect, test } from "./fixtures";
import { bearer } from "../lib/testing/accounts";
import { startServer } from "../lib/testing/start-server";
import { instanceId } from "../lib/runner/docker/labels";
import { scratchPostgresDatabase } from "../lib/testing/test-database";

// Two servers on one PostgreSQL database (the way a team runs several), each with its own name and a
// short lease: one dies mid-task, the other takes its execution over. (Ports of their own: this
// spec starts and kills its servers.)
const PORTS = [3170, 3171];
const LEASE = { OSPREY_LEASE_MS: "3000" };

let token = "";
async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  return (await (await fetch(url, { ...init, headers: { ...init.headers, ...bearer(token) } })).json()) as T;
}
const numbersOf = async (base: string, id: string) =>
  (await json<{ lines: { message: string }[] }>(`${base}/api/v1/logs/${id}?limit=10000`)).lines
    .filter((l) => l.message.startsWith("n="))
    .map((l) => l.message);

const counting = `id: counter
namespace: e2e.failover
tasks:
  - id: count
    type: io.kestra.plugin.scripts.shell.Commands
    docker: {image: "osprey/shell:latest"}
    commands:
      - for i in $(seq 1 100); do echo "n=$i"; sleep 0.1; done
`;

test("a server that dies mid-task: another takes its execution over after the lease, every number stored once, no container left", async () => {
  test.setTimeout(150_000);
  const database = await scratchPostgresDatabase("osprey_failover_");
  const a = await startServer(PORTS[0], database, { ...LEASE, OSPREY_WORKER_NAME: "server-a" });
  token = a.token;
  let b: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    await json(`${a.baseUrl}/api/v1/flows`, {
      method: "POST",
      headers: { "Content-Type": "application/x-yaml" },
      body: counting,
    });
    const { id } = await json<{ id: string }>(`${a.baseUrl}/api/v1/executions/e2e.failover/counter`, {
      method: "POST",
    });
    await expect
      .poll(async () => (await numbersOf(a.baseUrl, id)).length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(10);

    // B starts while A runs the task: A's lease is alive, so B leaves it alone (no second reader of the container).
    b = await startServer(PORTS[1], a.databaseUrl, { ...LEASE, OSPREY_WORKER_NAME: "server-b" });
    await expect
      .poll(async () => (await numbersOf(b!.baseUrl, id)).length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(30);
    await a.crash();

    await expect
      .poll(async () => (await json<{ state: string }>(`${b!.baseUrl}/api/v1/executions/${id}`)).state, {
        timeout: 60_000,
      })
      .toBe("SUCCESS");
    expect(await numbersOf(b.baseUrl, id)).toEqual(Array.from({ length: 100 }, (_, i) => `n=${i + 1}`));
    const log = (await json<{ lines: { message: string }[] }>(`${b.baseUrl}/api/v1/logs/${id}?limit=10000`)).lines.map(
      (l) => l.message,
    );
    expect(log.filter((m) => m.startsWith("Reattached to container"))).toHaveLength(1);
    const left = execFileSync(
      "docker",
      ["ps", "-aq", "--filter", `label=io.osprey.instance=${instanceId(a.databaseUrl)}`],
      { encoding: "utf8" },
    );
    expect(left.trim()).toBe("");
  } finally {
    await b?.stop();
    await a.stop().catch(() => undefined);
  }
});
