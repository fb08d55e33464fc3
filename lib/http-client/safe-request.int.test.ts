import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readBounded, type SafeRequest, safeRequest } from "./safe-request";

// The client on its own, against servers on two loopback addresses (two origins).
const seen: { host: string; method: string; url: string; auth?: string; body: string }[] = [];
const servers: Server[] = [];
let port = 0;

function handle(req: IncomingMessage, res: ServerResponse) {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    seen.push({
      host: req.socket.localAddress!,
      method: req.method!,
      url: req.url!,
      auth: req.headers.authorization,
      body,
    });
    const other = `http://127.0.0.2:${port}`;
    if (req.url === "/see-other") res.writeHead(303, { Location: `${other}/echo` }).end();
    else if (req.url === "/temporary") res.writeHead(307, { Location: "/echo" }).end();
    else if (req.url === "/loop") res.writeHead(302, { Location: "/loop" }).end();
    else if (req.url === "/big") res.end("x".repeat(5_000));
    else if (req.url === "/silent")
      return; // never answers
    else res.end("ok");
  });
}

beforeAll(async () => {
  for (const host of ["127.0.0.1", "127.0.0.2"]) {
    const server = createServer(handle);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    port = (server.address() as AddressInfo).port;
  }
});
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});
beforeEach(() => {
  seen.length = 0;
});

const request = (path: string, over: Partial<SafeRequest> = {}): Promise<Awaited<ReturnType<typeof safeRequest>>> =>
  safeRequest({
    url: `http://127.0.0.1:${port}${path}`,
    method: "POST",
    headers: { Authorization: "Bearer secret", "Content-Type": "text/plain" },
    body: Buffer.from("payload"),
    allowance: { allowPrivate: true },
    timeoutMs: 10_000,
    readTimeoutMs: 10_000,
    followRedirects: true,
    maxRedirects: 3,
    ...over,
  });

describe("safeRequest", () => {
  it("a 303 to another origin becomes a GET without body or credentials", async () => {
    const res = await request("/see-other");
    expect(res.status).toBe(200);
    expect(res.url).toBe(`http://127.0.0.2:${port}/echo`);
    expect(seen[1]).toEqual({ host: "127.0.0.2", method: "GET", url: "/echo", auth: undefined, body: "" });
  });

  it("a 307 on the same origin keeps the method, body and credentials", async () => {
    await request("/temporary");
    expect(seen[1]).toEqual({
      host: "127.0.0.1",
      method: "POST",
      url: "/echo",
      auth: "Bearer secret",
      body: "payload",
    });
  });

  it("stops after maxRedirects, or returns the redirect when not following", async () => {
    await expect(request("/loop")).rejects.toThrow(/more than 3 redirects/);
    expect(seen).toHaveLength(4);
    expect((await request("/loop", { followRedirects: false })).status).toBe(302);
  });

  it("refuses a body past the bound", async () => {
    const res = await request("/big", { method: "GET", body: undefined });
    await expect(readBounded(res.body, 1_000)).rejects.toThrow(/larger than 1000 bytes/);
  });

  it("gives up on a silent server at the timeout, saying which", async () => {
    await expect(request("/silent", { timeoutMs: 300 })).rejects.toThrow(/took longer than 300 ms \(timeout\)/);
    await expect(request("/silent", { readTimeoutMs: 300 })).rejects.toThrow(/within 300 ms \(readTimeout\)/);
  });

  it("refuses a scheme other than http and https", async () => {
    await expect(
      safeRequest({
        url: "file:///etc/passwd",
        method: "GET",
        headers: {},
        allowance: { allowPrivate: true },
        timeoutMs: 1_000,
        readTimeoutMs: 1_000,
        followRedirects: true,
        maxRedirects: 1,
      }),
    ).rejects.toThrow(/only http and https/);
  });
});
