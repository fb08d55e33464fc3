import { describe, expect, it } from "vitest";
import { bearerToken, hashToken, newToken, TOKEN_PREFIX, tokenPrefix } from "./token-hash";

describe("API token helpers", () => {
  it("makes distinct prefixed tokens whose hash is stable and not the token", () => {
    const a = newToken();
    const b = newToken();
    expect(a).not.toBe(b);
    expect(a.startsWith(TOKEN_PREFIX)).toBe(true);
    expect(a.length).toBeGreaterThan(40);
    expect(hashToken(a)).toBe(hashToken(a));
    expect(hashToken(a)).not.toContain(a.slice(4));
    expect(tokenPrefix(a)).toBe(a.slice(0, 10));
  });

  it("reads only our tokens from a Bearer header", () => {
    const t = newToken();
    expect(bearerToken(`Bearer ${t}`)).toBe(t);
    expect(bearerToken(`bearer   ${t} `)).toBe(t);
    expect(bearerToken(`Basic ${t}`)).toBeNull();
    expect(bearerToken("Bearer something-else")).toBeNull();
    expect(bearerToken(`Bearer ${t} extra`)).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});
