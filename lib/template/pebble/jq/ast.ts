/** A jq program as a tree. */
export type J =
  | { t: "identity" }
  | { t: "recurse" }
  | { t: "lit"; v: unknown }
  | { t: "str"; parts: (string | J)[]; format?: string }
  | { t: "format"; name: string }
  | { t: "var"; name: string }
  | { t: "index"; of: J; key: J }
  | { t: "slice"; of: J; from?: J; to?: J }
  | { t: "iterate"; of: J }
  | { t: "try"; body: J; handler?: J }
  | { t: "pipe"; l: J; r: J }
  | { t: "bind"; source: J; name: string; body: J }
  | { t: "reduce"; source: J; name: string; init: J; update: J }
  | { t: "if"; branches: { cond: J; then: J }[]; otherwise?: J }
  | { t: "comma"; l: J; r: J }
  | { t: "neg"; of: J }
  | { t: "bin"; op: string; l: J; r: J }
  | { t: "call"; name: string; args: J[] }
  | { t: "array"; body?: J }
  | { t: "object"; entries: { key: J; value?: J }[] };
