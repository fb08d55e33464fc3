import { describe, expect, it } from "vitest";
import { languageOf, looksLikeText } from "./language-of";

describe("the Files tab's highlighting", () => {
  it("picks Monaco's language from the extension, case-insensitively", () => {
    expect(languageOf("scripts/hello.py")).toBe("python");
    expect(languageOf("q/QUERY.SQL")).toBe("sql");
    expect(languageOf("flows/a.yml")).toBe("yaml");
    expect(languageOf("run.sh")).toBe("shell");
    expect(languageOf("Dockerfile")).toBe("dockerfile");
  });
  it("falls back to plain text without a known extension, or for a dot file", () => {
    expect(languageOf("data.csv")).toBe("plaintext");
    expect(languageOf("Makefile")).toBe("plaintext");
    expect(languageOf(".py")).toBe("plaintext");
  });
  it("tells text from binary by a NUL byte", () => {
    expect(looksLikeText(new TextEncoder().encode("print('é')\n"))).toBe(true);
    expect(looksLikeText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))).toBe(false);
  });
});
