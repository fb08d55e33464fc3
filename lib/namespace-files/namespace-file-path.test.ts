import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error";
import { namespaceFileKey, namespaceFilePath } from "./namespace-file-path";

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (err) {
    return AppError.is(err) ? err.code : String(err);
  }
};

describe("namespace file paths", () => {
  it("take Kestra's absolute form and the relative one alike", () => {
    expect(namespaceFilePath("/scripts/main.py")).toBe("scripts/main.py");
    expect(namespaceFilePath("scripts/main.py")).toBe("scripts/main.py");
    expect(namespaceFilePath("/scripts/")).toBe("scripts");
    expect(namespaceFilePath("a b/é.sql")).toBe("a b/é.sql");
  });

  it("allow the root only where asked", () => {
    expect(namespaceFilePath("/", { root: true })).toBe("");
    expect(namespaceFilePath(undefined, { root: true })).toBe("");
    expect(codeOf(() => namespaceFilePath("/"))).toBe("BAD_REQUEST");
    expect(codeOf(() => namespaceFilePath(null))).toBe("BAD_REQUEST");
  });

  it("refuse what could climb out, is ambiguous, is reserved or too long", () => {
    for (const bad of [
      "../x",
      "a/../../x",
      "/a/./b",
      "a//b",
      "a\\b",
      "a\u0000b",
      "_flows/f.yml",
      "/_flows",
      `${"n".repeat(256)}.py`,
    ]) {
      expect(
        codeOf(() => namespaceFilePath(bad)),
        JSON.stringify(bad),
      ).toBe("BAD_REQUEST");
    }
    expect(namespaceFilePath("x/_flows/ok")).toBe("x/_flows/ok");
  });

  it("lay files out per namespace, and refuse a namespace that is not one", () => {
    expect(namespaceFileKey("company.team", "scripts/main.py")).toBe("namespaces/company.team/files/scripts/main.py");
    expect(namespaceFileKey("company.team", "")).toBe("namespaces/company.team/files");
    expect(() => namespaceFileKey("../etc", "x")).toThrow();
    expect(() => namespaceFileKey("a/b", "x")).toThrow();
  });
});
