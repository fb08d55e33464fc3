import ts from "typescript";
import { KESTRA_STATE_NAMES } from "../states/states";

/**
 * The state-literal rule: outside lib/states/states.ts no source file spells a state name as a string
 * (`"FAILED"`), so every state a file names comes from the one module that owns them and a renamed
 * or removed state fails to compile instead of silently never matching. Tests are exempt: they
 * state what they expect in the words of the spec. A line that means something else by the same
 * word says so with `// state-literal: <why>` on it or the line above.
 */
const NAMES: ReadonlySet<string> = new Set(KESTRA_STATE_NAMES);
const ALLOW = /\/\/\s*state-literal:\s*\S/;

export interface Violation {
  file: string;
  line: number;
  column: number;
  text: string;
}

/** The state names spelled as string literals in one file's source. */
export function findStateLiterals(file: string, source: string): Violation[] {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const lines = source.split("\n");
  const found: Violation[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && NAMES.has(node.text)) {
      const at = tree.getLineAndCharacterOfPosition(node.getStart(tree));
      const above = (lines[at.line - 1] ?? "").trim();
      const allowed = ALLOW.test(lines[at.line] ?? "") || (above.startsWith("//") && ALLOW.test(above));
      if (!allowed) found.push({ file, line: at.line + 1, column: at.character + 1, text: node.getText(tree) });
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

/** Files the rule reads: source, not tests, not generated code, not the state module itself. */
export function isChecked(file: string): boolean {
  if (!/\.(ts|tsx)$/.test(file) || /\.test\.tsx?$/.test(file)) return false;
  if (!/^(app|components|lib)\//.test(file)) return false;
  return !file.startsWith("lib/db/generated") && file !== "lib/states/states.ts";
}
