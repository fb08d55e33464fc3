import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { addTask, deleteTask, moveTask, setTaskProperty, taskSpans } from "./yaml-edit";

// Generated flows in a person's style: a comment per task, some blank lines, block scripts,
// inline comments; then random edits. Each edit must change exactly what it says and no other byte.
const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/);
const taskText = fc.record({
  comment: fc.option(fc.stringMatching(/^[a-zA-Z ]{1,20}$/), { nil: undefined }),
  blank: fc.boolean(),
  message: fc.stringMatching(/^[a-zA-Z ]{0,15}$/),
  script: fc.option(fc.array(fc.stringMatching(/^[a-z][a-z =+()]{0,11}$/), { minLength: 1, maxLength: 3 }), {
    nil: undefined,
  }),
  inline: fc.boolean(),
});

function flowOf(
  tasks: { comment?: string; blank: boolean; message: string; script?: string[]; inline: boolean }[],
): string {
  const body = tasks
    .map((t, i) => {
      const head = `${t.blank ? "\n" : ""}${t.comment ? `  # ${t.comment}\n` : ""}  - id: t${i}${t.inline ? "   # note" : ""}\n`;
      if (t.script)
        return `${head}    type: io.kestra.plugin.scripts.python.Script\n    script: |\n${t.script.map((l) => `      ${l}`).join("\n")}\n`;
      return `${head}    type: io.kestra.plugin.core.log.Log\n    message: "${t.message}"\n`;
    })
    .join("");
  return `# generated\nid: f\nnamespace: gen\n\ntasks:\n${body}\ntriggers: []  # end\n`;
}

const ids = (source: string) => (parse(source).tasks as { id: string }[]).map((t) => t.id);

describe("yaml-edit on generated flows", () => {
  it("setTaskProperty changes one task's value and leaves the text around that task alone", () => {
    fc.assert(
      fc.property(fc.array(taskText, { minLength: 1, maxLength: 6 }), fc.nat(), word, (tasks, n, image) => {
        const source = flowOf(tasks);
        const index = n % tasks.length;
        const span = taskSpans(source)[index];
        const out = setTaskProperty(source, index, ["docker", "image"], image);
        expect(out.slice(0, span.start)).toBe(source.slice(0, span.start));
        expect(out.endsWith(source.slice(span.end))).toBe(true);
        const before = parse(source).tasks;
        const after = parse(out).tasks;
        expect(after[index]).toEqual({ ...before[index], docker: { image } });
        after.forEach((t: unknown, i: number) => {
          if (i !== index) expect(t).toEqual(before[i]);
        });
      }),
      { seed: 20261128, numRuns: 300 },
    );
  });

  it("add, delete and move keep every other task as it was, and a move there and back is the identity", () => {
    fc.assert(
      fc.property(fc.array(taskText, { minLength: 2, maxLength: 6 }), fc.nat(), (tasks, n) => {
        const source = flowOf(tasks);
        const index = n % (tasks.length - 1);
        expect(moveTask(moveTask(source, index, 1), index + 1, -1)).toBe(source);
        const moved = ids(moveTask(source, index, 1));
        expect(moved[index]).toBe(`t${index + 1}`);
        expect(moved[index + 1]).toBe(`t${index}`);
        expect(ids(deleteTask(source, index))).toEqual(ids(source).filter((_, i) => i !== index));
        const added = addTask(source, { id: "extra", type: "io.kestra.plugin.core.log.Log", message: "x" });
        expect(ids(added)).toEqual([...ids(source), "extra"]);
        expect(added.endsWith("\ntriggers: []  # end\n")).toBe(true);
        expect(parse(added).triggers).toEqual([]);
      }),
      { seed: 20261128, numRuns: 300 },
    );
  });
});
