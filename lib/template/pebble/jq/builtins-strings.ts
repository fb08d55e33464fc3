import { isList } from "../values";
import { simple } from "./args";
import { items } from "./builtins";
import { formatValue } from "./formats";
import { plus, split } from "./ops";
import { codePoints, JqError, text, truthy, typeError } from "./values";

// String builtins.

// jq 1.6's join: `reduce .[] as $i (null; (if . == null then "" else . + $x end) + ($i | if type ==
// "boolean" or type == "number" then tostring else . // "" end)) // ""`, so arrays and objects fail.
simple("join/1", (input, sep) => {
  let acc: unknown = null;
  for (const x of items(input)) {
    const piece = typeof x === "boolean" || typeof x === "number" ? text(x) : truthy(x) ? x : "";
    acc = plus(acc === null ? "" : plus(acc, sep), piece);
  }
  return truthy(acc) ? acc : "";
});

function string(v: unknown, what: string): string {
  if (typeof v !== "string") throw typeError(v, what);
  return v;
}

// Only A-Z and a-z change.
simple("ascii_downcase/0", (input) => string(input, "cannot be lowercased").replace(/[A-Z]/g, (c) => c.toLowerCase()));
simple("ascii_upcase/0", (input) => string(input, "cannot be uppercased").replace(/[a-z]/g, (c) => c.toUpperCase()));

simple("explode/0", (input) => codePoints(string(input, "cannot be exploded")).map((c) => c.codePointAt(0)));
simple("implode/0", (input) => {
  if (!isList(input)) throw typeError(input, "cannot be imploded, it must be an array of codepoints");
  return input
    .map((n) => {
      if (typeof n !== "number" || n < 0 || n > 0x10ffff) throw typeError(n, "is not a valid codepoint");
      return String.fromCodePoint(Math.trunc(n));
    })
    .join("");
});

simple("ltrimstr/1", (input, p) =>
  typeof input === "string" && typeof p === "string" && input.startsWith(p) ? input.slice(p.length) : input,
);
simple("rtrimstr/1", (input, p) =>
  typeof input === "string" && typeof p === "string" && p !== "" && input.endsWith(p)
    ? input.slice(0, -p.length)
    : input,
);
simple("startswith/1", (input, p) => {
  if (typeof input !== "string" || typeof p !== "string") throw new JqError("startswith() requires string inputs");
  return input.startsWith(p);
});
simple("endswith/1", (input, p) => {
  if (typeof input !== "string" || typeof p !== "string") throw new JqError("endswith() requires string inputs");
  return input.endsWith(p);
});
simple("trim/0", (input) => string(input, "cannot be trimmed").trim());
simple("ltrim/0", (input) => string(input, "cannot be trimmed").trimStart());
simple("rtrim/0", (input) => string(input, "cannot be trimmed").trimEnd());

simple("split/1", (input, sep) => {
  if (typeof input !== "string" || typeof sep !== "string")
    throw new JqError("split input and separator must be strings");
  return split(input, sep);
});

simple("format/1", (input, name) => formatValue(string(name, "is not a valid format"), input));
