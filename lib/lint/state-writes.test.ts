import { describe, expect, it } from "vitest";
import { findStateWrites } from "./state-writes";

describe("the state-write rule", () => {
  it("finds a state written by a Prisma update of a task run or an execution, with its position", () => {
    const source = [
      "await db.taskRun.update({ where: { id }, data: { state: State.FAILED, error } });",
      "await tx.execution.updateMany({ where: { id }, data: { ownerId: me, state } });",
      'await db.taskRun.upsert({ where: { id }, create: { id }, update: { "state": next } });',
    ].join("\n");
    expect(findStateWrites("lib/a.ts", source)).toEqual([
      { file: "lib/a.ts", line: 1, column: 50, text: "state: State.FAILED" },
      { file: "lib/a.ts", line: 2, column: 69, text: "state" },
      { file: "lib/a.ts", line: 3, column: 68, text: '"state": next' },
    ]);
  });

  it("lets other columns, other tables, creations and reads be", () => {
    const source = [
      "await db.taskRun.update({ where: { id, state: State.RUNNING }, data: { heartbeatAt: now } });",
      "await db.trigger.update({ where: { id }, data: { state: 'x' } });",
      "await db.taskRun.createMany({ data: rows.map((r) => ({ ...r, state: State.CREATED })) });",
      "await db.taskRun.findMany({ where: { state: State.RUNNING } });",
    ].join("\n");
    expect(findStateWrites("lib/a.ts", source)).toEqual([]);
  });

  it("leaves the transition functions themselves alone", () => {
    const source = "await db.taskRun.updateMany({ where, data: { state: to } });";
    expect(findStateWrites("lib/task-runs/move-task-run.ts", source)).toEqual([]);
    expect(findStateWrites("lib/orchestrator/run-leaf.ts", source)).toHaveLength(1);
  });
});
