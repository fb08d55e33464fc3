import { describe, expect, it } from "vitest";
import { isTransientDbError } from "./transient-error";

describe("isTransientDbError", () => {
  it("knows an unreachable or restarting database, however it is wrapped", () => {
    expect(
      isTransientDbError({ code: "P1001", meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } } }),
    ).toBe(true);
    expect(
      isTransientDbError({
        code: "P2010",
        meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable" } } },
      }),
    ).toBe(true);
    expect(isTransientDbError({ code: "57P01", message: "terminating connection due to administrator command" })).toBe(
      true,
    );
    expect(
      isTransientDbError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })),
    ).toBe(true);
    expect(isTransientDbError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isTransientDbError({ cause: { kind: "postgres", code: "57P03" } })).toBe(true);
  });

  it("never takes a real failure for an outage", () => {
    expect(isTransientDbError({ code: "P2002", message: "Unique constraint failed" })).toBe(false);
    expect(isTransientDbError({ code: "P2025", message: "Record to update not found." })).toBe(false);
    expect(isTransientDbError({ code: "23505" })).toBe(false);
    expect(isTransientDbError(new Error("syntax error at or near"))).toBe(false);
    expect(isTransientDbError(null)).toBe(false);
  });
});
