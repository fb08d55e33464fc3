import { describe, expect, it } from "vitest";
import { toYaml } from "./yaml";

// Jackson YAMLGenerator (MINIMIZE_QUOTES, INDENT_ARRAYS) as Kestra's YamlFilter configures it.
describe("toYaml", () => {
  it("quotes what Jackson's StringQuotingChecker quotes", () => {
    expect(toYaml({ t: "true", n: "null", e: "", c: "a: b", h: "a #b", b: "[x]", plain: "a:b#c" })).toBe(
      't: "true"\n"n": "null"\ne: ""\nc: "a: b"\nh: "a #b"\nb: "[x]"\nplain: a:b#c\n',
    );
  });

  it("indents sequences by one, nested maps by two", () => {
    expect(toYaml({ a: [1, { b: 2, c: [3] }], d: { e: "f" } })).toBe("a:\n - 1\n - b: 2\n   c:\n    - 3\nd:\n  e: f\n");
  });

  it("writes empty collections inline, multi-line strings as literal blocks", () => {
    expect(toYaml({ l: [], m: {}, s: "x\ny" })).toBe("l: []\nm: {}\ns: |-\n  x\n  y\n");
  });

  it("single-quotes what cannot be plain", () => {
    expect(toYaml([" lead", "- dash", "*star"])).toBe(" - ' lead'\n - '- dash'\n - '*star'\n");
  });
});
