import { describe, expect, it } from "vitest";
import { renderTemplate } from "../index";
import { javaSplit } from "./strings";

// Results of java.lang.String.split as the JDK documents and returns them.
describe("javaSplit", () => {
  it.each([
    ["boo:and:foo", ":", 2, ["boo", "and:foo"]],
    ["boo:and:foo", ":", 5, ["boo", "and", "foo"]],
    ["boo:and:foo", ":", -2, ["boo", "and", "foo"]],
    ["boo:and:foo", "o", 5, ["b", "", ":and:f", "", ""]],
    ["boo:and:foo", "o", -2, ["b", "", ":and:f", "", ""]],
    ["boo:and:foo", "o", 0, ["b", "", ":and:f"]],
    ["a.b", ".", 0, []],
    ["a.b", "\\.", 0, ["a", "b"]],
    ["abc", "x", 0, ["abc"]],
    ["", ",", 0, [""]],
    [",a", ",", 0, ["", "a"]],
    ["abc", "", 0, ["a", "b", "c"]],
  ])("%j.split(%j, %d)", (s, re, limit, expected) => {
    expect(javaSplit(s, re, limit)).toEqual(expected);
  });
});

describe("base64decode", () => {
  it("accepts what java.util.Base64.getDecoder() accepts, padding optional", () => {
    expect(renderTemplate("{{ 'dGVzdA==' | base64decode }} {{ 'dGVzdA' | base64decode }}", {})).toBe("test test");
    expect(() => renderTemplate("{{ 'dGVzd' | base64decode }}", {})).toThrow(/correctly Base64/);
    expect(() => renderTemplate("{{ 'dG Vz' | base64decode }}", {})).toThrow(/correctly Base64/);
  });
});
