import { describe, expect, it } from "vitest";
import { originAllowed } from "./same-origin";

const req = (method: string, headers: Record<string, string>) =>
  new Request("http://127.0.0.1:3000/api/v1/flows", { method, headers });

describe("originAllowed", () => {
  const open = { trusted: [], trustedProxies: [] };

  it("lets safe methods through whatever their origin", () => {
    expect(originAllowed(req("GET", { origin: "https://evil.example" }), open)).toBe(true);
  });

  it("accepts a state change from the server's own origin", () => {
    expect(originAllowed(req("POST", { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }), open)).toBe(true);
  });

  it("refuses a state change from elsewhere, or with no origin", () => {
    expect(originAllowed(req("POST", { host: "127.0.0.1:3000", origin: "https://evil.example" }), open)).toBe(false);
    expect(originAllowed(req("DELETE", { host: "127.0.0.1:3000" }), open)).toBe(false);
    expect(originAllowed(req("PUT", { host: "127.0.0.1:3000", origin: "null" }), open)).toBe(false);
    // same host, other scheme or port: another origin
    expect(originAllowed(req("POST", { host: "127.0.0.1:3000", origin: "https://127.0.0.1:3000" }), open)).toBe(false);
    expect(originAllowed(req("POST", { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3001" }), open)).toBe(false);
  });

  it("believes X-Forwarded-Host and -Proto only when OSPREY_TRUSTED_PROXIES lists a proxy", () => {
    const forged = { host: "127.0.0.1:3000", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };
    // No proxy listed: a client's own X-Forwarded-* headers change nothing, the Host over http is the origin.
    expect(originAllowed(req("POST", { ...forged, origin: "https://evil.example" }), open)).toBe(false);
    expect(originAllowed(req("POST", { ...forged, origin: "http://127.0.0.1:3000" }), open)).toBe(true);
    // Behind a listed proxy, the public host and scheme it forwards are the origin.
    const proxied = { trusted: [], trustedProxies: ["127.0.0.1"] };
    const viaProxy = { host: "127.0.0.1:3000", "x-forwarded-host": "osprey.example.com", "x-forwarded-proto": "https" };
    expect(originAllowed(req("POST", { ...viaProxy, origin: "https://osprey.example.com" }), proxied)).toBe(true);
    expect(originAllowed(req("POST", { ...viaProxy, origin: "http://127.0.0.1:3000" }), proxied)).toBe(false);
  });

  it("pins the origin to OSPREY_BASE_URL when set, and honours trusted ones", () => {
    const opts = { baseUrl: "https://osprey.example.com/", trusted: ["https://ci.example.com"], trustedProxies: [] };
    expect(originAllowed(req("POST", { host: "internal:3000", origin: "https://osprey.example.com" }), opts)).toBe(
      true,
    );
    expect(originAllowed(req("POST", { host: "internal:3000", origin: "https://ci.example.com" }), opts)).toBe(true);
    expect(originAllowed(req("POST", { host: "internal:3000", origin: "http://internal:3000" }), opts)).toBe(false);
  });
});
