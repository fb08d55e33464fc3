/** A destructuring pattern: `$x`, `[$a, $b]`, `{a: $a, $b, (expr): [$c]}`. */
export type Pattern =
  | { t: "var"; name: string }
  | { t: "array"; items: Pattern[] }
  | { t: "object"; entries: { key: J; bind?: string; value?: Pattern }[] };

/** `def name(params): body;` — a param is a filter (`f`) or a value (`$v`). */
export interface FuncDef {
  name: string;
  params: string[];
  body: J;
}

/** A jq program as a tree. */
export type J =
  | { t: "identity" }
  | { t: "recurse" }
  | { t: "lit"; v: unknown }
  | { t: "str"; parts: (string | J)[]; format?: string }
  | { t: "format"; name: string }
  | { t: "var"; name: string }
  | { t: "loc"; line: number }
  | { t: "index"; of: J; key: J; opt?: boolean }
  | { t: "slice"; of: J; from?: J; to?: J; opt?: boolean }
  | { t: "iterate"; of: J; opt?: boolean }
  | { t: "try"; body: J; handler?: J }
  | { t: "pipe"; l: J; r: J }
  | { t: "comma"; l: J; r: J }
  // Several patterns are `?//` alternatives.
  | { t: "bind"; source: J; patterns: Pattern[]; body: J }
  | { t: "reduce"; source: J; patterns: Pattern[]; init: J; update: J }
  | { t: "foreach"; source: J; patterns: Pattern[]; init: J; update: J; extract?: J }
  | { t: "if"; cond: J; then: J; else?: J }
  | { t: "label"; name: string; body: J }
  | { t: "break"; name: string }
  | { t: "def"; def: FuncDef; body: J }
  | { t: "neg"; of: J }
  | { t: "bin"; op: string; l: J; r: J }
  | { t: "call"; name: string; args: J[] }
  | { t: "array"; body?: J }
  | { t: "object"; entries: { key: J; value?: J }[] };
