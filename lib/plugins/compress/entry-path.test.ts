import { describe, expect, it } from "vitest";
import { entryPath, linkTarget, storedName } from "./entry-path";

describe("entryPath", () => {
  it("cleans a relative path", () => {
    expect(entryPath("folder/subfolder/1.txt")).toBe("folder/subfolder/1.txt");
    expect(entryPath("./a//b/./c.txt")).toBe("a/b/c.txt");
    expect(entryPath("dir/")).toBe("dir");
    expect(entryPath("a..b/..c")).toBe("a..b/..c");
  });

  it.each([
    ["../evil.txt", "a `..` segment leads outside the archive"],
    ["a/../../evil.txt", "a `..` segment leads outside the archive"],
    ["/etc/passwd", "absolute path"],
    ["C:/Windows/x", "absolute path"],
    ["a\\..\\b", "its name holds a backslash"],
    ["a\u0000b", "its name holds a control character"],
    ["./", "empty name"],
  ])("refuses %j: %s", (name, why) => {
    expect(() => entryPath(name)).toThrow(`archive entry ${JSON.stringify(name)} refused: ${why}`);
  });
});

describe("linkTarget", () => {
  it("resolves a symlink from its folder and a hard link from the root", () => {
    expect(linkTarget("a/b/link", "../c.txt", "symlink")).toBe("a/c.txt");
    expect(linkTarget("a/link", "./x/y", "symlink")).toBe("a/x/y");
    expect(linkTarget("a/b/link", "a/c.txt", "hard link")).toBe("a/c.txt");
  });

  it.each([
    ["a/link", "../../etc/passwd", "symlink", "leads outside the archive"],
    ["link", "/etc/passwd", "symlink", "(absolute) leads outside the archive"],
    ["a/link", "../b/../../x", "symlink", "leads outside the archive"],
    ["a/link", "..", "symlink", "leads to the archive's root"],
    ["a/b/link", "../x", "hard link", "leads outside the archive"],
  ] as const)("refuses %s → %s (%s)", (path, target, kind, why) => {
    expect(() => linkTarget(path, target, kind)).toThrow(why);
  });
});

it("stores spaces as underscores, as Kestra", () => {
  expect(storedName("test txt folder/test txt file.txt")).toBe("test_txt_folder/test_txt_file.txt");
});
