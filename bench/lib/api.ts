import { isTerminalState as isTerminal } from "../../lib/states/states";
import { bearer } from "../../lib/testing/accounts";
import type { ServerProcess } from "../../lib/testing/start-server";

/** The server a benchmark talks to, and the admin token it signs its calls with. */
export type Target = Pick<ServerProcess, "baseUrl" | "token">;

/** GET/POST with the target's token. */
export function call(target: Target, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${target.baseUrl}${path}`, { ...init, headers: { ...init.headers, ...bearer(target.token) } });
}

/** The bits of Osprey's API a benchmark needs. */
export async function putFlow(target: Target, yaml: string): Promise<void> {
  const res = await call(target, "/api/v1/flows", {
    method: "POST",
    headers: { "Content-Type": "application/x-yaml" },
    body: yaml,
  });
  if (res.status !== 201) throw new Error(`flow not created: ${res.status} ${await res.text()}`);
}

export interface RunResult {
  ms: number;
  id: string;
}

/**
 * Starts an execution and waits for its end; returns milliseconds from the POST to the end.
 * `follow` waits on the SSE `end` event (no polling load on the server, exact to the event);
 * otherwise it polls every `pollMs`, for runs whose log is too large to stream to the bench.
 */
export async function runToEnd(
  target: Target,
  namespace: string,
  id: string,
  /** `listPollMs`: poll the executions list (one row) rather than the execution, whose answer holds every task run. */
  wait: { follow: true } | { pollMs: number } | { listPollMs: number } = { follow: true },
): Promise<RunResult> {
  const started = performance.now();
  const res = await call(target, `/api/v1/executions/${namespace}/${id}`, { method: "POST" });
  const { id: executionId } = (await res.json()) as { id: string };
  const state =
    "follow" in wait
      ? await followToEnd(target, executionId)
      : "pollMs" in wait
        ? await pollToEnd(target, executionId, wait.pollMs)
        : await pollListToEnd(target, namespace, id, executionId, wait.listPollMs);
  if (state.state !== "SUCCESS") throw new Error(`execution ${executionId} ${state.state}: ${state.error}`);
  return { ms: performance.now() - started, id: executionId };
}

async function followToEnd(target: Target, executionId: string): Promise<{ state: string; error?: string }> {
  const res = await call(target, `/api/v1/logs/${executionId}/follow`);
  const text = await res.text(); // the stream closes right after its `end` event
  const end = /event: end\ndata: (.*)\n/.exec(text);
  if (!end) throw new Error(`follow stream of ${executionId} closed without an end event`);
  return JSON.parse(end[1]) as { state: string; error?: string };
}

async function pollToEnd(
  target: Target,
  executionId: string,
  pollMs: number,
): Promise<{ state: string; error?: string }> {
  for (;;) {
    const e = (await (await call(target, `/api/v1/executions/${executionId}`)).json()) as {
      state: string;
      error?: string;
    };
    if (isTerminal(e.state)) return e;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

async function pollListToEnd(
  target: Target,
  namespace: string,
  flowId: string,
  executionId: string,
  pollMs: number,
): Promise<{ state: string; error?: string }> {
  for (;;) {
    const page = (await (
      await call(target, `/api/v1/executions/search?namespace=${namespace}&flowId=${flowId}&size=5`)
    ).json()) as { results: { id: string; state: string; error?: string }[] };
    const e = page.results.find((r) => r.id === executionId);
    if (e && isTerminal(e.state)) return e;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** A flow of shell Commands tasks in `image`, one task per command list. */
export function shellFlow(id: string, image: string, tasks: string[][]): string {
  const body = tasks
    .map(
      (commands, i) =>
        `  - id: t${i}\n    type: io.kestra.plugin.scripts.shell.Commands\n    docker:\n      image: ${image}\n    commands: ${JSON.stringify(commands)}\n`,
    )
    .join("");
  return `id: ${id}\nnamespace: bench\ntasks:\n${body}`;
}
