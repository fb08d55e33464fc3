import { jsonDepth, MAX_JSON_DEPTH } from "../../json/json-depth";
import { FilterError } from "./errors";
import { WholeDouble, newMap } from "./values";

/**
 * JSON as Jackson reads it for Kestra: `1.0` stays a double (prints "1.0"), `1` a long. JSON.parse
 * cannot tell them apart, so this small parser keeps whole doubles as WholeDouble. Maps have no
 * prototype; `__proto__` is a key like any other.
 */
export function parseJson(text: string): unknown {
  // The parser below recurses once per level: refuse what would overflow it, naming the limit.
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    throw new FilterError(`Invalid json: it nests deeper than ${MAX_JSON_DEPTH} levels (MAX_JSON_DEPTH)`);
  const p = new JsonParser(text);
  p.ws();
  const value = p.value();
  p.ws();
  if (p.i < text.length) p.fail("Unexpected character");
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const STRING = /"((?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*)"/y;

class JsonParser {
  i = 0;

  constructor(private readonly s: string) {}

  fail(reason: string): never {
    throw new FilterError(`Invalid json: ${reason} at position ${this.i}`);
  }

  ws(): void {
    while (this.i < this.s.length && " \t\n\r".includes(this.s[this.i])) this.i++;
  }

  value(): unknown {
    const c = this.s[this.i];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    for (const [word, v] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (!m) this.fail(c === undefined ? "Unexpected end of input" : `Unexpected character '${c}'`);
    this.i += m[0].length;
    const n = Number(m[0]);
    return (m[1] || m[2]) && Number.isInteger(n) ? new WholeDouble(n) : n;
  }

  string(): string {
    STRING.lastIndex = this.i;
    const m = STRING.exec(this.s);
    if (!m) this.fail("Invalid string");
    this.i += m[0].length;
    return JSON.parse(m[0]) as string;
  }

  array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (this.s[this.i] === "]") {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value());
      this.ws();
      const c = this.s[this.i++];
      if (c === "]") return out;
      if (c !== ",") this.fail("Expected ',' or ']'");
    }
  }

  object(): Record<string, unknown> {
    this.i++;
    const out = newMap();
    this.ws();
    if (this.s[this.i] === "}") {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail("Expected a string key");
      const key = this.string();
      this.ws();
      if (this.s[this.i++] !== ":") this.fail("Expected ':'");
      this.ws();
      out[key] = this.value();
      this.ws();
      const c = this.s[this.i++];
      if (c === "}") return out;
      if (c !== ",") this.fail("Expected ',' or '}'");
    }
  }
}
