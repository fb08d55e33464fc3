import { expect, test, tokenOf } from "./fixtures";

// Every body is capped while it is read: a client streaming without end (no Content-Length) gets
// 413 once the cap is passed, and the server stops reading long before the client stops sending.
const CHUNK = new Uint8Array(64 * 1024).fill(0x61);
const SEND_AT_MOST = 64 * 1024 * 1024;

async function streamForever(
  url: string,
  headers: Record<string, string>,
  method = "POST",
): Promise<{ status: number; sent: number }> {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= SEND_AT_MOST) return controller.close();
      sent += CHUNK.byteLength;
      controller.enqueue(CHUNK);
    },
  });
  const res = await fetch(url, { method, headers, body, duplex: "half" } as RequestInit);
  await res.arrayBuffer();
  return { status: res.status, sent };
}

test.describe("request bodies are capped before they are read whole (413)", () => {
  const cases: [string, string, Record<string, string>, string?][] = [
    [
      "run inputs as JSON",
      "/api/v1/executions/e2e.limits/nothing",
      { "Content-Type": "application/json", Authorization: `Bearer ${tokenOf("editor")}` },
    ],
    [
      "a secret's raw value",
      "/api/v1/namespaces/e2e.limits/secrets/BIG",
      { "Content-Type": "text/plain", Authorization: `Bearer ${tokenOf("editor")}` },
      "PUT",
    ],
    [
      "run inputs as a form",
      "/api/v1/executions/e2e.limits/nothing",
      { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Bearer ${tokenOf("editor")}` },
    ],
    [
      "a flow (YAML)",
      "/api/v1/flows",
      { "Content-Type": "application/x-yaml", Authorization: `Bearer ${tokenOf("editor")}` },
    ],
    ["sign-in, open to anyone", "/api/auth/sign-in/email", { "Content-Type": "application/json", Origin: "" }],
  ];
  for (const [name, path, headers, method] of cases) {
    test(name, async ({ baseURL }) => {
      const { status, sent } = await streamForever(
        `${baseURL}${path}`,
        { ...headers, ...(headers.Origin === "" ? { Origin: baseURL! } : {}) },
        method,
      );
      expect(status).toBe(413);
      expect(sent).toBeLessThan(SEND_AT_MOST);
    });
  }
});
