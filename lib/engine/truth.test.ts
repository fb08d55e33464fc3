import { describe, expect, it } from "vitest";
import { isTruthy } from "./truth";

describe("isTruthy (Kestra's TruthUtils)", () => {
  it("is false only for false, 0, -0 and the empty string (and no value)", () => {
    for (const v of ["false", "0", "-0", "", false, 0, null, undefined]) expect(isTruthy(v)).toBe(false);
  });
  it("is true for everything else, including False, no and null as text", () => {
    for (const v of ["true", "1", "False", "no", "null", " ", "yes", true, 2]) expect(isTruthy(v)).toBe(true);
  });
});
