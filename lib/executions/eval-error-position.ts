/** Where in the expression something went wrong (1-based; the column when the engine knows it). */
export interface EvalPosition {
  line: number;
  column?: number;
}

/**
 * The position in a render error's message. The template engine ends it with
 * `(line L, column C) in \`<the expression>\`` (syntax and evaluation errors, the expression cut at
 * 120 characters and its spaces collapsed), or with `at line L` (a variable that does not exist).
 * Only the end is read, so text inside the expression cannot pass for a position.
 */
export function errorPosition(message: string, expression: string): EvalPosition | undefined {
  const quoted = ` in \`${shortened(expression).replace(/\s+/g, " ")}\``;
  const head = message.endsWith(quoted) ? message.slice(0, -quoted.length) : "";
  const exact = /\(line (\d+), column (\d+)\)$/.exec(head);
  if (exact) return { line: Number(exact[1]), column: Number(exact[2]) };
  const line = /\bat line (\d+)$/.exec(message);
  return line ? { line: Number(line[1]) } : undefined;
}

// As the engine quotes a template in its errors (lib/template/pebble/errors.ts).
function shortened(source: string): string {
  return source.length > 120 ? `${source.slice(0, 117)}...` : source;
}
