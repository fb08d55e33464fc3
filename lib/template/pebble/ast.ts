import type { SourcePosition } from "./errors";

export interface Args {
  positional: Expr[];
  named: { name: string; value: Expr }[];
}

export type Expr =
  | { kind: "literal"; value: unknown; pos: SourcePosition }
  | { kind: "var"; name: string; pos: SourcePosition }
  | { kind: "attr"; object: Expr; key: Expr; call?: Args; pos: SourcePosition }
  | { kind: "call"; name: string; args: Args; pos: SourcePosition }
  | { kind: "filter"; input: Expr; name: string; args: Args; pos: SourcePosition }
  | { kind: "test"; input: Expr; name: string; args: Args; negated: boolean; pos: SourcePosition }
  | { kind: "binary"; op: string; left: Expr; right: Expr; pos: SourcePosition }
  | { kind: "unary"; op: string; operand: Expr; pos: SourcePosition }
  | { kind: "ternary"; cond: Expr; then: Expr; else: Expr; pos: SourcePosition }
  | { kind: "array"; items: Expr[]; pos: SourcePosition }
  | { kind: "map"; entries: { key: Expr; value: Expr }[]; pos: SourcePosition }
  | { kind: "concat"; parts: Expr[]; pos: SourcePosition };

export interface FilterCall {
  name: string;
  args: Args;
  pos: SourcePosition;
}

export type Node =
  | { kind: "text"; value: string }
  | { kind: "print"; expr: Expr; pos: SourcePosition }
  | { kind: "if"; branches: { cond: Expr; body: Node[] }[]; otherwise?: Node[]; pos: SourcePosition }
  | { kind: "for"; variable: string; iterable: Expr; body: Node[]; otherwise?: Node[]; pos: SourcePosition }
  | { kind: "set"; name: string; value: Expr; pos: SourcePosition }
  | { kind: "filterBlock"; filters: FilterCall[]; body: Node[]; pos: SourcePosition }
  | { kind: "macro"; name: string; params: { name: string; defaultValue?: Expr }[]; body: Node[]; pos: SourcePosition }
  | { kind: "block"; name: string; body: Node[]; pos: SourcePosition };

/** A parsed template: its nodes and the source, kept for error messages. */
export interface Template {
  source: string;
  nodes: Node[];
}
