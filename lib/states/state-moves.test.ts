import { describe, expect, it } from "vitest";
import { canMove, movableFrom, EXECUTION_MOVES, TASK_RUN_MOVES } from "./state-moves";
import { ACTIVE, CLAIMABLE, ENDED, HELD, RESTARTABLE, STATES, type TState } from "./states";

describe("state moves", () => {
  it.each([
    ["execution", "CREATED", "RUNNING", true],
    ["execution", "QUEUED", "RUNNING", true],
    ["execution", "RUNNING", "PAUSED", true],
    ["execution", "PAUSED", "RUNNING", true],
    ["execution", "KILLING", "KILLED", true],
    ["execution", "FAILED", "CREATED", true],
    ["execution", "SUCCESS", "CREATED", true],
    ["execution", "KILLING", "PAUSED", false],
    ["execution", "SUCCESS", "RUNNING", false],
    ["execution", "KILLED", "PAUSED", false],
    ["execution", "CREATED", "SUCCESS", false],
    ["execution", "RUNNING", "RETRYING", false],
    ["task run", "CREATED", "RUNNING", true],
    ["task run", "RUNNING", "RETRYING", true],
    ["task run", "RETRYING", "RUNNING", true],
    ["task run", "PAUSED", "SUCCESS", true],
    ["task run", "FAILED", "CREATED", true],
    ["task run", "FAILED", "RUNNING", true],
    ["task run", "CREATED", "SUCCESS", false],
    ["task run", "RETRYING", "SUCCESS", false],
    ["task run", "SUCCESS", "FAILED", true],
    ["task run", "KILLED", "SUCCESS", true],
    ["task run", "SKIPPED", "CANCELLED", false],
  ] as const)("%s %s → %s: %s", (entity, from, to, allowed) => {
    expect(canMove(entity, from, to)).toBe(allowed);
  });

  it("every state still going has a way to end, for both entities", () => {
    for (const moves of [EXECUTION_MOVES, TASK_RUN_MOVES])
      for (const state of ACTIVE.states) {
        if (!moves[state]) continue;
        expect(
          moves[state]?.some((to) => ENDED.has(to)),
          state,
        ).toBe(true);
      }
    for (const state of [...CLAIMABLE.states, "RUNNING", "PAUSED", "KILLING"] as TState[])
      expect(EXECUTION_MOVES[state], state).toBeDefined();
    for (const state of HELD.states) expect(TASK_RUN_MOVES[state], state).toBeDefined();
  });

  it("an ended execution only starts again as CREATED (restart, replay)", () => {
    for (const state of ENDED.states)
      for (const to of STATES)
        if (to !== "CREATED") expect(canMove("execution", state, to), `${state}→${to}`).toBe(false);
    for (const state of RESTARTABLE.states) expect(canMove("execution", state, "CREATED")).toBe(true);
  });

  it("movableFrom keeps the states that may make the move, and refuses a move none may make", () => {
    expect(movableFrom("execution", CLAIMABLE, "RUNNING")).toEqual(["CREATED", "QUEUED"]);
    expect(movableFrom("execution", ["RUNNING", "PAUSED", "KILLING"], "SUCCESS")).toEqual(["RUNNING", "PAUSED"]);
    expect(() => movableFrom("execution", ["SUCCESS", "KILLED"], "PAUSED")).toThrow(
      "execution cannot move from SUCCESS, KILLED to PAUSED",
    );
  });
});
