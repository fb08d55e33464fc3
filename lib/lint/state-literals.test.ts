import { describe, expect, it } from "vitest";
import { findStateLiterals, isChecked } from "./state-literals";

describe("the state-literal rule", () => {
  it("finds a state spelled as a string, with its line and column", () => {
    const source = `import { x } from "y";\nexport const done = (s: string) => s === "FAILED";\n`;
    expect(findStateLiterals("lib/a.ts", source)).toEqual([
      { file: "lib/a.ts", line: 2, column: 42, text: '"FAILED"' },
    ]);
  });

  it("finds them in JSX, template literals and type positions, and Kestra-only names too", () => {
    const source = [
      "type T = 'RUNNING';",
      "const a = `SUCCESS`;",
      "const b = <div data-state={'RETRIED'} />;",
      'const c = ["CREATED", "KILLING"];',
    ].join("\n");
    expect(findStateLiterals("components/a.tsx", source).map((v) => v.text)).toEqual([
      "'RUNNING'",
      "`SUCCESS`",
      "'RETRIED'",
      '"CREATED"',
      '"KILLING"',
    ]);
  });

  it("lets a line that means something else say so", () => {
    const source = `// state-literal: a message style\nconst s = "WARNING";\nconst t = "SUCCESS"; // state-literal: a colour name\nconst u = "FAILED";\n`;
    expect(findStateLiterals("lib/a.ts", source).map((v) => v.line)).toEqual([4]);
  });

  it("ignores other strings, keys and names", () => {
    const source = `const o = { FAILED: 1, "failed": 2 };\nconst s = State.FAILED + "FAILED_X" + \`\${"x"}FAILED\`;\n`;
    expect(findStateLiterals("lib/a.ts", source)).toEqual([]);
  });

  it("reads source files, not tests, generated code or the state module", () => {
    expect(isChecked("lib/orchestrator/run-leaf.ts")).toBe(true);
    expect(isChecked("components/execution/ExecutionView.tsx")).toBe(true);
    expect(isChecked("app/api/v1/executions/route.ts")).toBe(true);
    expect(isChecked("lib/orchestrator/run-leaf.test.ts")).toBe(false);
    expect(isChecked("lib/orchestrator/conformance.int.test.ts")).toBe(false);
    expect(isChecked("lib/db/generated/models/TaskRun.ts")).toBe(false);
    expect(isChecked("lib/states/states.ts")).toBe(false);
    expect(isChecked("e2e/run.spec.ts")).toBe(false);
  });
});
