import { expect, test } from "./fixtures";
import { putFlow, startRun, uniqueId } from "./helpers";
import { readSse } from "./sse-client";

interface Line {
  seq: number;
  message: string;
}

test("a follower that disconnects mid-run resumes with Last-Event-ID and gets every line exactly once", async ({
  request,
  baseURL,
}) => {
  const id = uniqueId("sse");
  await putFlow(
    request,
    `id: ${id}
namespace: e2e.sse
tasks:
  - id: count
    type: io.kestra.plugin.scripts.shell.Commands
    commands:
      - for i in $(seq 1 40); do echo "n=$i"; sleep 0.05; done
`,
  );
  const executionId = await startRun(request, "e2e.sse", id);
  const url = `${baseURL}/api/v1/logs/${executionId}/follow`;

  const received: Line[] = [];
  let lastId = "";
  let stateAtDisconnect = "";
  const first = await readSse(url, {}, (e) => {
    if (e.event !== "log") return;
    received.push(...(JSON.parse(e.data) as Line[]));
    lastId = e.id ?? lastId;
    return !received.some((l) => l.message === "n=5");
  });
  expect(first.stoppedEarly).toBe(true);
  stateAtDisconnect = ((await (await request.get(`/api/v1/executions/${executionId}`)).json()) as { state: string })
    .state;
  expect(stateAtDisconnect).toBe("RUNNING");
  expect(Number(lastId)).toBe(received.at(-1)!.seq);

  let end: { state: string; lastSeq: number } | null = null;
  const states: string[] = [];
  await readSse(url, { "Last-Event-ID": lastId }, (e) => {
    if (e.event === "log") received.push(...(JSON.parse(e.data) as Line[]));
    if (e.event === "state") states.push((JSON.parse(e.data) as { state: string }).state);
    if (e.event === "end") end = JSON.parse(e.data) as { state: string; lastSeq: number };
  });
  expect(end).toMatchObject({ state: "SUCCESS" });
  expect(states).toContain("SUCCESS");

  // No gap, no duplicate: sequence numbers are exactly 1..N.
  const seqs = received.map((l) => l.seq);
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  const numbers = received.filter((l) => l.message.startsWith("n=")).map((l) => l.message);
  expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => `n=${i + 1}`));

  // And what was streamed is what is stored.
  const stored = (await (await request.get(`/api/v1/logs/${executionId}?limit=10000`)).json()) as { lines: Line[] };
  expect(stored.lines.map((l) => l.seq)).toEqual(seqs);
  expect(end!.lastSeq).toBe(seqs.at(-1));
});

test("a follower of a finished execution gets the whole log, then end", async ({ request, baseURL }) => {
  const id = uniqueId("done");
  await putFlow(
    request,
    `id: ${id}\nnamespace: e2e.sse\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: ["one", "two"]\n`,
  );
  const executionId = await startRun(request, "e2e.sse", id);
  await expect
    .poll(
      async () => ((await (await request.get(`/api/v1/executions/${executionId}`)).json()) as { state: string }).state,
    )
    .toBe("SUCCESS");
  const events: string[] = [];
  const messages: string[] = [];
  const res = await readSse(`${baseURL}/api/v1/logs/${executionId}/follow`, {}, (e) => {
    events.push(e.event);
    if (e.event === "log") messages.push(...(JSON.parse(e.data) as Line[]).map((l) => l.message));
  });
  expect(res.stoppedEarly).toBe(false);
  expect(events[0]).toBe("snapshot");
  expect(events.at(-1)).toBe("end");
  expect(messages).toEqual(["one", "two"]);
});
