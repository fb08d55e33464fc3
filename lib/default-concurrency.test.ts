import { describe, expect, it } from "vitest";
import { defaultConcurrency } from "./default-concurrency";

const GiB = 1024 ** 3;

describe("default concurrency follows the machine", () => {
  it("gives 10 executions per core when memory allows", () => {
    expect(defaultConcurrency(2, 24 * GiB)).toBe(20);
    expect(defaultConcurrency(4, 64 * GiB)).toBe(40);
  });
  it("is held down by memory, 256 MiB a run", () => {
    expect(defaultConcurrency(8, 4 * GiB)).toBe(16);
  });
  it("stays between 4 and 64", () => {
    expect(defaultConcurrency(1, 512 * 1024 ** 2)).toBe(4);
    expect(defaultConcurrency(32, 256 * GiB)).toBe(64);
  });
});
