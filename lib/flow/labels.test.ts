import { describe, expect, it } from "vitest";
import { labelCapProblem } from "./labels";

const caps = { OSPREY_MAX_LABELS: 3, OSPREY_MAX_LABEL_CHARS: 16 };
const labels = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: "v" }));

describe("labelCapProblem", () => {
  it("allows up to the caps and names the setting past them", () => {
    expect(labelCapProblem(labels(3), caps)).toBeNull();
    expect(labelCapProblem(labels(4), caps)).toBe("4 labels, more than the 3 allowed (OSPREY_MAX_LABELS)");
    expect(labelCapProblem([{ key: "k", value: "x".repeat(16) }], caps)).toBeNull();
    expect(labelCapProblem([{ key: "k", value: "x".repeat(17) }], caps)).toBe(
      "the value of label k has 17 characters, more than 16 (OSPREY_MAX_LABEL_CHARS)",
    );
    expect(labelCapProblem([{ key: "a".repeat(50), value: "v" }], caps)).toBe(
      `label key ${"a".repeat(40)}… has 50 characters, more than 16 (OSPREY_MAX_LABEL_CHARS)`,
    );
  });
});
