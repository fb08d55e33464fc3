import { describe, expect, it } from "vitest";
import { nextNode } from "./keyboard-nav";

// A fan-out drawn left to right: a → (b above, c below) → d.
const points = [
  { id: "a", x: 0, y: 100 },
  { id: "b", x: 300, y: 40 },
  { id: "c", x: 300, y: 160 },
  { id: "d", x: 600, y: 100 },
];

describe("nextNode", () => {
  it("moves to the nearest node that way, in line before aside", () => {
    expect(nextNode(points, "a", "ArrowRight")).toBe("b");
    expect(nextNode(points, "b", "ArrowDown")).toBe("c");
    expect(nextNode(points, "c", "ArrowUp")).toBe("b");
    expect(nextNode(points, "c", "ArrowRight")).toBe("d");
    expect(nextNode(points, "d", "ArrowLeft")).toBe("b");
  });

  it("stays (null) at the edge, and starts from the first node when there is no cursor", () => {
    expect(nextNode(points, "d", "ArrowRight")).toBeNull();
    expect(nextNode(points, "a", "ArrowUp")).toBeNull();
    expect(nextNode(points, null, "ArrowDown")).toBe("a");
    expect(nextNode(points, "gone", "ArrowDown")).toBe("a");
    expect(nextNode([], null, "ArrowDown")).toBeNull();
  });
});
