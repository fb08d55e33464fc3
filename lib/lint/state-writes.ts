import ts from "typescript";
import type { Violation } from "./state-literals";

/**
 * The state-write rule: an execution's or a task run's `state` is changed only by its transition
 * function (lib/executions/move-execution.ts, lib/task-runs/move-task-run.ts and the single-row
 * write under it), which checks the move, compares and sets, and publishes. Elsewhere a Prisma
 * update (`update`, `updateMany`, `upsert`, `updateManyAndReturn`) of `execution` or `taskRun` whose
 * data names `state` is a violation. Creating a row (its first state) is not a move.
 */
export const TRANSITION_FILES: ReadonlySet<string> = new Set([
  "lib/executions/move-execution.ts",
  "lib/task-runs/move-task-run.ts",
  "lib/task-runs/task-run-writes.ts",
]);
const TABLES = new Set(["execution", "taskRun"]);
const UPDATES = new Set(["update", "updateMany", "upsert", "updateManyAndReturn"]);

export function findStateWrites(file: string, source: string): Violation[] {
  if (TRANSITION_FILES.has(file)) return [];
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const found: Violation[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isTableUpdate(node.expression)) {
      for (const key of ["data", "update", "create"])
        for (const prop of stateProps(objectProp(node.arguments[0], key))) {
          const at = tree.getLineAndCharacterOfPosition(prop.getStart(tree));
          found.push({ file, line: at.line + 1, column: at.character + 1, text: prop.getText(tree) });
        }
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

/** `<anything>.execution.update(…)`, `tx.taskRun.updateMany(…)` and the like. */
function isTableUpdate(callee: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(callee) || !UPDATES.has(callee.name.text)) return false;
  const table = callee.expression;
  return ts.isPropertyAccessExpression(table) && TABLES.has(table.name.text);
}

function objectProp(arg: ts.Expression | undefined, name: string): ts.Expression | undefined {
  if (!arg || !ts.isObjectLiteralExpression(arg)) return undefined;
  for (const p of arg.properties) {
    if (ts.isPropertyAssignment(p) && propName(p.name) === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

/** The `state` keys of a data object; shorthand `{ state }` too. A spread is not followed. */
function stateProps(data: ts.Expression | undefined): ts.Node[] {
  if (!data || !ts.isObjectLiteralExpression(data)) return [];
  return data.properties.filter(
    (p) =>
      (ts.isPropertyAssignment(p) && propName(p.name) === "state") ||
      (ts.isShorthandPropertyAssignment(p) && p.name.text === "state"),
  );
}

function propName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}
