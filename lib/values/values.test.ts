import { describe, expect, it } from "vitest";
import { durationMs, memoryBytes, toBool, toNumber } from "./values";

describe("rendered values", () => {
  it("reads booleans and numbers that templates rendered as text", () => {
    expect(toBool("true", "x", false)).toBe(true);
    expect(toBool(" FALSE ", "x", true)).toBe(false);
    expect(toBool(undefined, "x", true)).toBe(true);
    expect(() => toBool("yes", "allowFailure", false)).toThrow(/allowFailure must be true or false/);
    expect(toNumber("1.5", "cpu.cpus")).toBe(1.5);
    expect(() => toNumber("lots", "cpu.cpus")).toThrow(/cpu.cpus must be a number/);
  });

  it("reads ISO-8601 durations", () => {
    expect(durationMs("PT30S", "t")).toBe(30_000);
    expect(durationMs("PT1M30S", "t")).toBe(90_000);
    // Kestra's own flows write PT0.25s: Java reads the letters in either case.
    expect(durationMs("PT0.25s", "t")).toBe(250);
    expect(durationMs("pt1m", "t")).toBe(60_000);
    expect(durationMs("PT0.5S", "t")).toBe(500);
    expect(durationMs("P1DT1H", "t")).toBe(90_000_000);
    expect(() => durationMs("30s", "timeout")).toThrow(/timeout must be an ISO-8601 duration/);
  });

  it("reads memory sizes the way Docker users write them", () => {
    expect(memoryBytes("512Mb", "m")).toBe(512 * 1024 * 1024);
    expect(memoryBytes("1GB", "m")).toBe(1024 ** 3);
    expect(memoryBytes("256m", "m")).toBe(256 * 1024 * 1024);
    expect(memoryBytes("64MiB", "m")).toBe(64 * 1024 * 1024);
    expect(memoryBytes(1024, "m")).toBe(1024);
    expect(memoryBytes("-1", "m")).toBe(-1);
    expect(() => memoryBytes("big", "memory.memory")).toThrow(/memory.memory must be a size/);
  });
});
