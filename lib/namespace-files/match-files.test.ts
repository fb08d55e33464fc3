import { describe, expect, it } from "vitest";
import { fileMatcher } from "./match-files";

const files = [
  "main.py",
  "scripts/main.py",
  "scripts/lib/util.py",
  "scripts/query.sql",
  "data/a.csv",
  "data/deep/b.csv",
  ".env",
  "README.md",
];
const pick = (include?: string[], exclude?: string[]) => files.filter(fileMatcher(include, exclude));

describe("namespaceFiles include/exclude", () => {
  it("takes every file without include or exclude", () => {
    expect(pick()).toEqual(files);
  });

  it("matches a folder's files at any depth with folder/**", () => {
    expect(pick(["scripts/**"])).toEqual(["scripts/main.py", "scripts/lib/util.py", "scripts/query.sql"]);
  });

  it("matches a bare name at any depth, as Kestra prefixes **/ to it", () => {
    expect(pick(["main.py"])).toEqual(["main.py", "scripts/main.py"]);
  });

  it("lets ** glued to a name cross folders, as Java's glob does", () => {
    expect(pick(["**.py"])).toEqual(["main.py", "scripts/main.py", "scripts/lib/util.py"]);
    expect(pick(["**/*.csv"])).toEqual(["data/a.csv", "data/deep/b.csv"]);
  });

  it("lets exclude win over include", () => {
    expect(pick(["scripts/**"], ["**/lib/**", "**.sql"])).toEqual(["scripts/main.py"]);
    expect(pick(undefined, ["data/**"])).toEqual([
      "main.py",
      "scripts/main.py",
      "scripts/lib/util.py",
      "scripts/query.sql",
      ".env",
      "README.md",
    ]);
  });

  it("keeps a single * inside one folder and matches dot files", () => {
    expect(pick(["/scripts/*"])).toEqual(["scripts/main.py", "scripts/query.sql"]);
    expect(pick(["*.py"])).toEqual(["main.py"]);
    expect(pick([".env"])).toEqual([".env"]);
  });

  it("reads regex: against the absolute path, whole", () => {
    expect(pick(["regex:/scripts/[a-z]+\\.py"])).toEqual(["scripts/main.py"]);
    expect(pick(["regex:.*\\.csv"])).toEqual(["data/a.csv", "data/deep/b.csv"]);
    expect(() => fileMatcher(["regex:("])).toThrow(/not a valid regular expression/);
  });
});
