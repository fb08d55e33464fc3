import { describe, expect, it } from "vitest";
import { escapeDollars, interpolate, parseDotEnv } from "./docker-compose-interpolate";

const run = (text: string, env: Record<string, string> = {}) => interpolate(text, env, "x", new Set());

describe("Compose substitution", () => {
  it("reads every form Compose does", () => {
    const env = { A: "a", EMPTY: "" };
    expect(run("$A ${A} $$A $${A}", env)).toBe("a a $A ${A}");
    expect(run("${A:-d} ${EMPTY:-d} ${EMPTY-d} ${UNSET-d}", env)).toBe("a d  d");
    expect(run("${A:+alt} ${EMPTY:+alt} ${EMPTY+alt} ${UNSET+alt}", env)).toBe("alt  alt ");
    expect(run("${UNSET:-${A}}", env)).toBe("a");
    expect(() => run("${EMPTY:?must be set}", env)).toThrow("x: variable EMPTY is required: must be set");
    expect(() => run("${A", env)).toThrow(/invalid interpolation format/);
  });

  it("collects the names used but not set", () => {
    const unset = new Set<string>();
    interpolate("$NOPE ${ALSO} ${HAS:-x}", {}, "x", unset);
    expect([...unset]).toEqual(["NOPE", "ALSO"]);
  });

  it("escapes every dollar of the checked file, and reads .env files", () => {
    expect(escapeDollars({ a: ["$x", "y"], b: 1 })).toEqual({ a: ["$$x", "y"], b: 1 });
    expect(parseDotEnv("# c\nA=1\nexport B='two words'\nC=\"x\"\n\nbad line\n")).toEqual({
      A: "1",
      B: "two words",
      C: "x",
    });
  });
});
