import { describe, expect, it } from "vitest";
import { fileMatcher, globList, idMatcher, kestraIgnore, repoPath } from "./git-paths";

describe("paths and patterns of the git tasks", () => {
  it("keeps gitDirectory inside the repository", () => {
    expect(repoPath("_flows/", "gitDirectory")).toBe("_flows");
    expect(repoPath("./a//b", "gitDirectory")).toBe("a/b");
    expect(repoPath(".", "gitDirectory")).toBe("");
    expect(() => repoPath("../x", "gitDirectory")).toThrow("inside the repository");
    expect(() => repoPath("/etc", "gitDirectory")).toThrow("inside the repository");
    expect(() => repoPath("a/.git/config", "gitDirectory")).toThrow("inside the repository");
  });

  it("reads .kestraignore as gitignore rules", () => {
    const ignored = kestraIgnore("# comment\n*.tmp\nbuild/\n/secret.txt\n!keep.tmp\ndocs/*.md\n");
    expect(ignored("a.tmp")).toBe(true);
    expect(ignored("deep/b.tmp")).toBe(true);
    expect(ignored("keep.tmp")).toBe(false);
    expect(ignored("build/out.js")).toBe(true);
    expect(ignored("src/build/out.js")).toBe(true);
    expect(ignored("build")).toBe(false);
    expect(ignored("secret.txt")).toBe(true);
    expect(ignored("sub/secret.txt")).toBe(false);
    expect(ignored("docs/a.md")).toBe(true);
    expect(ignored("docs/x/a.md")).toBe(false);
    expect(ignored("main.py")).toBe(false);
    expect(kestraIgnore(undefined)("a.tmp")).toBe(false);
  });

  it("reads flows and files as Kestra does: a glob, a JSON list or a list", () => {
    expect(globList("*", "flows")).toEqual(["*"]);
    expect(globList('["a*", "b"]', "flows")).toEqual(["a*", "b"]);
    expect(globList(["x"], "flows")).toEqual(["x"]);
    expect(globList(undefined, "flows")).toBeNull();
    const ids = idMatcher(["hello*", "etl"]);
    expect(["hello", "hello_world", "etl", "etl2"].filter(ids)).toEqual(["hello", "hello_world", "etl"]);
    expect(idMatcher(null)("anything")).toBe(true);
  });

  it("matches namespace files as Kestra's PathMatcherPredicate", () => {
    // A glob that starts with a name matches at any depth; `*.sql` only at the root, as Java's.
    const files = fileMatcher(["scripts/**", "*.sql", "report.txt"]);
    expect(["scripts/a.py", "x/scripts/b.py", "q.sql", "sub/q.sql", "data.csv", "a/report.txt"].filter(files)).toEqual([
      "scripts/a.py",
      "x/scripts/b.py",
      "q.sql",
      "a/report.txt",
    ]);
    expect(fileMatcher(["**"])("a/b/c")).toBe(true);
    expect(fileMatcher(["regex:/data/.*\\.csv"])("data/x.csv")).toBe(true);
  });
});
