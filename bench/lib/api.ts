/** The bits of Osprey's API a benchmark needs. */
export async function putFlow(baseUrl: string, yaml: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/v1/flows`, { method: "POST", headers: { "Content-Type": "application/x-yaml" }, body: yaml });
  if (res.status !== 201) throw new Error(`flow not created: ${res.status} ${await res.text()}`);
}

/** Starts an execution and polls until it ends; returns milliseconds from the POST to the end. */
export async function runToEnd(baseUrl: string, namespace: string, id: string, pollMs = 5): Promise<{ ms: number; id: string }> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}/api/v1/executions/${namespace}/${id}`, { method: "POST" });
  const { id: executionId } = (await res.json()) as { id: string };
  for (;;) {
    const e = (await (await fetch(`${baseUrl}/api/v1/executions/${executionId}`)).json()) as { state: string; error?: string };
    if (e.state === "SUCCESS") return { ms: performance.now() - started, id: executionId };
    if (e.state === "FAILED" || e.state === "KILLED") throw new Error(`execution ${executionId} ${e.state}: ${e.error}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
