import { describe, expect, it } from "vitest";
import { sameOriginPath } from "./safe-next";

const ORIGIN = "http://127.0.0.1:3000";

describe("sameOriginPath", () => {
  it("keeps a path on this site with its query and hash", () => {
    expect(sameOriginPath("/executions", ORIGIN)).toBe("/executions");
    expect(sameOriginPath("/flows/company.team/hello?x=1#L3", ORIGIN)).toBe("/flows/company.team/hello?x=1#L3");
    expect(sameOriginPath(`${ORIGIN}/flows`, ORIGIN)).toBe("/flows");
    // Encoded slashes and backslashes stay inside the path: they name a page here, not a host.
    expect(sameOriginPath("/%5Cevil.example", ORIGIN)).toBe("/%5Cevil.example");
    expect(sameOriginPath("/%2F%2Fevil.example", ORIGIN)).toBe("/%2F%2Fevil.example");
    // Same scheme without slashes is a relative path for the URL parser: it stays here.
    expect(sameOriginPath("http:evil.example", ORIGIN)).toBe("/evil.example");
  });

  it("sends every other site, scheme and trick to /", () => {
    const tricks = [
      "//evil.example",
      "///evil.example",
      "/\\evil.example", // what ?next=/%5Cevil.example decodes to
      "\\/evil.example",
      "\\\\evil.example",
      "/\t/evil.example", // ?next=/%09/evil.example
      "/\n/evil.example",
      "\t//evil.example",
      " //evil.example",
      "/.//evil.example", // dot segments resolve to the path //evil.example
      "/a/..//evil.example",
      "https://evil.example/flows",
      "https:evil.example",
      "https://127.0.0.1:3000/flows", // same host, other scheme: another origin
      "http://127.0.0.1:3001/flows",
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "java\tscript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "http://[::1",
    ];
    for (const next of tricks) expect(sameOriginPath(next, ORIGIN), JSON.stringify(next)).toBe("/");
  });

  it("goes to / when there is no next", () => {
    expect(sameOriginPath(null, ORIGIN)).toBe("/");
    expect(sameOriginPath(undefined, ORIGIN)).toBe("/");
    expect(sameOriginPath("", ORIGIN)).toBe("/");
  });

  it("returns only paths that resolve to this origin again", () => {
    const samples = ["/ok", "/.//x", "/a/../b", "/%09/x", "/x/\\\\y", "?q=1", "#h", "relative/path"];
    for (const next of samples) {
      const path = sameOriginPath(next, ORIGIN);
      expect(path.startsWith("/") && !path.startsWith("//"), JSON.stringify(next)).toBe(true);
      expect(new URL(path, ORIGIN).origin).toBe(ORIGIN);
    }
  });
});
