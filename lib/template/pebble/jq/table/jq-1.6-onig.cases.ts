import type { JqCase } from "./case";

/**
 * Jq 1.6's tests/onig.test, the regex cases (tests/jq-1.6-onig.yaml): every case whose version range holds 1.6,
 * copied from eiiches/jackson-jq src/test/resources (commit 70dc5d4). Do not edit by hand.
 */
// biome-ignore format: one case a line, as in the test files
export const JQ16_ONIG: JqCase[] = [
  { q: "[match(\"( )*\"; \"g\")]", in: "abc", out: [[{"offset": 0, "length": 0, "string": "", "captures": []}, {"offset": 1, "length": 0, "string": "", "captures": []}, {"offset": 2, "length": 0, "string": "", "captures": []}]] },
  { q: "[match(\"( )*\"; \"gn\")]", in: "abc", out: [[]] },
  { q: "[match(\"a\"; \"gi\")]", in: "āáàä", out: [[]] },
  { q: "[match([\"(bar)\"])]", in: "foo bar", out: [[{"offset": 4, "length": 3, "string": "bar", "captures": [{"offset": 4, "length": 3, "string": "bar", "name": null}]}]] },
  { q: "[match(\"bar\")]", in: "ā bar with a combining codepoint U+0304", out: [[{"offset": 3, "length": 3, "string": "bar", "captures": []}]] },
  { q: "[match(\"bār\")]", in: "a bār", out: [[{"offset": 2, "length": 4, "string": "bār", "captures": []}]] },
  { q: "[match(\".+?\\\\b\")]", in: "ā two-codepoint grapheme", out: [[{"offset": 0, "length": 2, "string": "ā", "captures": []}]] },
  { q: "[match([\"foo (?<bar123>bar)? foo\", \"ig\"])]", in: "foo bar foo foo  foo", out: [[{"offset": 0, "length": 11, "string": "foo bar foo", "captures": [{"offset": 4, "length": 3, "string": "bar", "name": "bar123"}]}, {"offset": 12, "length": 8, "string": "foo  foo", "captures": [{"offset": -1, "length": 0, "string": null, "name": "bar123"}]}]], anyKeyOrder: true },
  { q: "[test(\"( )*\"; \"gn\")]", in: "abc", out: [[false]] },
  { q: "[test(\"ā\")]", in: "ā", out: [[true]] },
  { q: "capture(\"(?<a>[a-z]+)-(?<n>[0-9]+)\")", in: "xyzzy-14", out: [{"a": "xyzzy", "n": "14"}] },
  { q: "[.[] | sub(\", \"; \":\")]", in: ["a,b, c, d, e,f", ", a,b, c, d, e,f, "], out: [["a,b:c, d, e,f", ":a,b, c, d, e,f, "]] },
  { q: "sub(\"^(?<head>.)\"; \"Head=\\(.head) Tail=\")", in: "abcdef", out: ["Head=a Tail=bcdef"] },
  { q: "[.[] | gsub(\", \"; \":\")]", in: ["a,b, c, d, e,f", ", a,b, c, d, e,f, "], out: [["a,b:c:d:e,f", ":a,b:c:d:e,f:"]] },
  { q: "gsub(\"(?<d>\\\\d)\"; \":\\(.d);\")", in: "a1b2", out: ["a:1;b:2;"] },
  { q: "gsub(\"a\";\"b\")", in: "aaaaa", out: ["bbbbb"] },
  { q: "gsub( \"(.*)\"; \"\";  \"x\")", in: "", out: [""] },
  { q: "[.[] | scan(\", \")]", in: ["a,b, c, d, e,f", ", a,b, c, d, e,f, "], out: [[", ", ", ", ", ", ", ", ", ", ", ", ", ", ", "]] },
  { q: "[.[]|[[sub(\", *\";\":\")], [gsub(\", *\";\":\")], [scan(\", *\")]]]", in: ["a,b, c, d, e,f", ", a,b, c, d, e,f, "], out: [[[["a:b, c, d, e,f"], ["a:b:c:d:e:f"], [",", ", ", ", ", ", ", ","]], [[":a,b, c, d, e,f, "], [":a:b:c:d:e:f:"], [", ", ",", ", ", ", ", ", ", ",", ", "]]]] },
  { q: "[.[]|[[sub(\", +\";\":\")], [gsub(\", +\";\":\")], [scan(\", +\")]]]", in: ["a,b, c, d, e,f", ", a,b, c, d, e,f, "], out: [[[["a,b:c, d, e,f"], ["a,b:c:d:e,f"], [", ", ", ", ", "]], [[":a,b, c, d, e,f, "], [":a,b:c:d:e,f:"], [", ", ", ", ", ", ", ", ", "]]]] },
  { q: "gsub(\"(?<x>.)[^a]*\"; \"+\\(.x)-\")", in: "Abcabc", out: ["+A-+a-"] },
  { q: "sub(\"(?<x>.)\"; \"\\(.x)!\")", in: "’", out: ["’!"] },
];
