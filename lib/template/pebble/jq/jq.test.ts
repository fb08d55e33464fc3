import { describe, expect, it } from "vitest";
import { FilterError } from "../errors";
import { runJq } from "./index";

const free = () => {};
const jq = (program: string, input: unknown) => runJq(program, input, free);

// Expected outputs from the jq 1.6 manual (https://jqlang.github.io/jq/manual/v1.6/), whose
// examples are written as `jq 'program'` / input / output; Kestra's filter wraps them in a list.
describe("jq: examples from the jq manual", () => {
  it.each([
    [".", '"Hello, world!"', ["Hello, world!"]],
    [".foo", '{"foo": 42, "bar": "less interesting data"}', [42]],
    [".foo", '{"notfoo": true, "alsonotfoo": false}', [null]],
    ['.["foo"]', '{"foo": 42}', [42]],
    [".foo?", "[1,2]", []],
    [".[0]", '[{"name":"JSON", "good":true}, {"name":"XML", "good":false}]', [{ name: "JSON", good: true }]],
    [".[2]", '[{"name":"JSON", "good":true}, {"name":"XML", "good":false}]', [null]],
    [".[-2]", "[1,2,3]", [2]],
    [".[2:4]", '["a","b","c","d","e"]', [["c", "d"]]],
    [".[:3]", '["a","b","c","d","e"]', [["a", "b", "c"]]],
    [".[-2:]", '["a","b","c","d","e"]', [["d", "e"]]],
    [
      ".[]",
      '[{"name":"JSON", "good":true}, {"name":"XML", "good":false}]',
      [
        { name: "JSON", good: true },
        { name: "XML", good: false },
      ],
    ],
    [".[]", '{"a": 1, "b": 1}', [1, 1]],
    [".foo, .bar", '{"foo": 42, "bar": "something else", "baz": true}', [42, "something else"]],
    [".user, .projects[]", '{"user":"stedolan", "projects": ["jq", "wikiflow"]}', ["stedolan", "jq", "wikiflow"]],
    [".[] | .name", '[{"name":"JSON", "good":true}, {"name":"XML", "good":false}]', ["JSON", "XML"]],
    ["(. + 2) * 5", "1", [15]],
    ["[.user, .projects[]]", '{"user":"stedolan", "projects": ["jq", "wikiflow"]}', [["stedolan", "jq", "wikiflow"]]],
    [
      "{user, title: .titles[]}",
      '{"user":"stedolan","titles":["JQ Primer", "More JQ"]}',
      [
        { user: "stedolan", title: "JQ Primer" },
        { user: "stedolan", title: "More JQ" },
      ],
    ],
    [
      "{(.user): .titles}",
      '{"user":"stedolan","titles":["JQ Primer", "More JQ"]}',
      [{ stedolan: ["JQ Primer", "More JQ"] }],
    ],
    [".a + 1", '{"a": 7}', [8]],
    [".a + .b", '{"a": [1,2], "b": [3,4]}', [[1, 2, 3, 4]]],
    [".a + null", '{"a": 1}', [1]],
    ["{a: 1} + {b: 2} + {c: 3} + {a: 42}", "null", [{ a: 42, b: 2, c: 3 }]],
    ['. - ["xml", "yaml"]', '["xml", "yaml", "json"]', [["json"]]],
    ["10 / . * 3", "5", [6]],
    ['. / ", "', '"a, b,c,d, e"', [["a", "b,c,d", "e"]]],
    ['{"k": {"a": 1, "b": 2}} * {"k": {"a": 0,"c": 3}}', "null", [{ k: { a: 0, b: 2, c: 3 } }]],
    [".[] | length", '[[1,2], "string", {"a":2}, null]', [2, 6, 1, 0]],
    ["keys", '{"abc": 1, "abcd": 2, "Foo": 3}', [["Foo", "abc", "abcd"]]],
    ['map(has("foo"))', '[{"foo": 42}, {}]', [[true, false]]],
    ["map(.+1)", "[1,2,3]", [[2, 3, 4]]],
    ["map_values(.+1)", '{"a": 1, "b": 2, "c": 3}', [{ a: 2, b: 3, c: 4 }]],
    ['map(in({"foo": 42}))', '["foo", "bar"]', [[true, false]]],
    ["del(.foo)", '{"foo": 1}', [{}]],
    [
      "to_entries",
      '{"a": 1, "b": 2}',
      [
        [
          { key: "a", value: 1 },
          { key: "b", value: 2 },
        ],
      ],
    ],
    ["from_entries", '[{"key":"a", "value":1}, {"key":"b", "value":2}]', [{ a: 1, b: 2 }]],
    ["with_entries(.value += 1)", '{"a": 1, "b": 2}', [{ a: 2, b: 3 }]],
    ["map(select(. >= 2))", "[1,5,3,0,7]", [[5, 3, 7]]],
    [
      '.[] | select(.id == "second")',
      '[{"id": "first", "val": 1}, {"id": "second", "val": 2}]',
      [{ id: "second", val: 2 }],
    ],
    ["add", '["a","b","c"]', ["abc"]],
    ["add", "[1, 2, 3]", [6]],
    ["add", "[]", [null]],
    ["any", "[true, false]", [true]],
    ["all", "[true, false]", [false]],
    ["flatten", "[1, [2], [[3]]]", [[1, 2, 3]]],
    ["flatten(1)", "[1, [2], [[3]]]", [[1, 2, [3]]]],
    ["range(2;4)", "null", [2, 3]],
    ["[range(4)]", "null", [[0, 1, 2, 3]]],
    ["[range(0;10;3)]", "null", [[0, 3, 6, 9]]],
    ["floor", "3.14159", [3]],
    ["sqrt", "9", [3]],
    [".[] | tonumber", '[1, "1"]', [1, 1]],
    [".[] | tostring", '[1, "1", [1]]', ["1", "1", "[1]"]],
    ["map(type)", '[0, false, [], {}, null, "hello"]', [["number", "boolean", "array", "object", "null", "string"]]],
    ["sort", "[8,3,null,6]", [[null, 3, 6, 8]]],
    [
      "sort_by(.foo)",
      '[{"foo":4, "bar":10}, {"foo":3, "bar":100}, {"foo":2, "bar":1}]',
      [
        [
          { foo: 2, bar: 1 },
          { foo: 3, bar: 100 },
          { foo: 4, bar: 10 },
        ],
      ],
    ],
    [
      "group_by(.foo)",
      '[{"foo":1, "bar":10}, {"foo":3, "bar":100}, {"foo":1, "bar":1}]',
      [
        [
          [
            { foo: 1, bar: 10 },
            { foo: 1, bar: 1 },
          ],
          [{ foo: 3, bar: 100 }],
        ],
      ],
    ],
    ["min", "[5,4,2,7]", [2]],
    ["max_by(.foo)", '[{"foo":1, "bar":14}, {"foo":2, "bar":3}]', [{ foo: 2, bar: 3 }]],
    ["unique", "[1,2,5,3,5,3,1,3]", [[1, 2, 3, 5]]],
    ["unique_by(length)", '["chunky", "bacon", "kitten", "cicada", "asparagus"]', [["bacon", "chunky", "asparagus"]]],
    ["reverse", "[1,2,3,4]", [[4, 3, 2, 1]]],
    ['contains("bar")', '"foobar"', [true]],
    ['contains(["baz", "bar"])', '["foobar", "foobaz", "blarp"]', [true]],
    ["contains({foo: 12, bar: [{barp: 12}]})", '{"foo": 12, "bar":[1,2,{"barp":12, "blip":13}]}', [true]],
    ['[.[]|startswith("foo")]', '["fo", "foo", "barfoo", "foobar", "barfoob"]', [[false, true, false, true, false]]],
    ['[.[]|ltrimstr("foo")]', '["fo", "foo", "barfoo", "foobar", "afoo"]', [["fo", "", "barfoo", "bar", "afoo"]]],
    ["explode", '"foobar"', [[102, 111, 111, 98, 97, 114]]],
    ['split(", ")', '"a, b,c,d, e, "', [["a", "b,c,d", "e", ""]]],
    ['join(", ")', '["a","b,c,d","e"]', ["a, b,c,d, e"]],
    ['join(" ")', '["a",1,2.3,true,null,false]', ["a 1 2.3 true  false"]],
    ["ascii_downcase", '"useful but not for é"', ["useful but not for é"]],
    ["[.[]|tostring]", '[1, "1", [1]]', [["1", "1", "[1]"]]],
    ['"The input was \\(.), which is one less than \\(.+1)"', "42", ["The input was 42, which is one less than 43"]],
    ["@base64", '"This is a message"', ["VGhpcyBpcyBhIG1lc3NhZ2U="]],
    ['@sh "echo \\(.)"', "\"O'Hara's Ale\"", ["echo 'O'\\''Hara'\\''s Ale'"]],
    ['if . == 0 then "zero" elif . == 1 then "one" else "many" end', "2", ["many"]],
    [".[] | (1 / .)?", "[1,0,-1]", [1, -1]],
    ['try error("some exception") catch .', "true", ["some exception"]],
    ['error("some exception")', "true", "error"],
    [".a // 42", "{}", [42]],
    ["(false, null, 1) // 42", "null", [1]],
    [".bar as $x | .foo | . + $x", '{"foo":10, "bar":200}', [210]],
    [". as [$a] | $a", "[2]", [2]],
    ["reduce .[] as $item (0; . + $item)", "[10,2,5,3]", [20]],
    ["[limit(3;.[])]", "[0,1,2,3,4,5,6,7,8,9]", [[0, 1, 2]]],
    ["[first(range(.)), last(range(.))]", "10", [[0, 9]]],
    ['[.[] | test("a b c # spaces are ignored"; "ix")]', '["xabcd", "ABC"]', [[true, true]]],
    ['test("foo")', '"foo"', [true]],
    ["[paths]", '[1,[[],{"a":2}]]', [[[0], [1], [1, 0], [1, 1], [1, 1, "a"]]]],
    [".. | numbers", "[[1], 2]", [1, 2]],
    ["[.[] | numbers]", '[1, "a", null]', [[1]]],
    [".[] as $x | $x * 2", "[1,2]", [2, 4]],
    ['"\\(.a) and \\("x")"', '{"a": [1]}', ["[1] and x"]],
    ["{$__loc__}", "null", [{ __loc__: { file: "<top-level>", line: 1 } }]],
    ["reduce .[] as $num (0; .+$num)", '{"English": 72, "Maths": 88}', [160]],
    [".value * 2", '{"value": 2}', [4]],
  ])("%s on %s", (program, input, expected) => {
    if (expected === "error") {
      expect(() => jq(program, JSON.parse(input))).toThrow(FilterError);
    } else {
      expect(jq(program, JSON.parse(input))).toEqual(expected);
    }
  });

  it("has no access to the host", () => {
    expect(() => jq("env", null)).toThrow(/not supported/);
    expect(() => jq("$ENV", null)).toThrow(/not defined/);
    expect(() => jq("input", null)).toThrow(/not supported/);
    expect(jq(".constructor", {})).toEqual([null]);
    expect(jq('.["__proto__"]', {})).toEqual([null]);
  });

  it("charges every step to the budget", () => {
    let steps = 0;
    const charge = (n: number) => {
      steps += n;
      if (steps > 1000) throw new Error("budget");
    };
    expect(() => runJq("[range(1000000000)]", null, charge)).toThrow("budget");
    expect(() => runJq("[range(1e9)] | length", null, charge)).toThrow("budget");
  });
});

describe("variable binding, as jq 1.6 reads it", () => {
  it("binds the term just before `as`; the body runs to the end of the pipe", () => {
    expect(jq("1 + 2 as $x | $x * 10", null)).toEqual([21]);
    expect(jq(". as $d | $d.a + 1", { a: 1 })).toEqual([2]);
    expect(jq(".[] as $x | $x * 2", [1, 2])).toEqual([2, 4]);
    expect(jq(".a, .b as $x | $x", { a: 1, b: 2 })).toEqual([1, 2]);
    expect(jq("reduce .[] as $x (0; . + $x)", [1, 2, 3])).toEqual([6]);
  });
});

describe("jq runs within the template's limits", () => {
  const budget = (max: number) => {
    let steps = 0;
    return (n: number) => {
      steps += n;
      if (steps > max) throw new Error("budget");
    };
  };

  it("charges the copies an update makes, so a quadratic build runs out of budget instead of hanging", () => {
    const program = 'reduce range(5000) as $i ({}; .["k\\($i)"] = $i) | length';
    expect(() => runJq(program, null, budget(1_000_000))).toThrow("budget");
    expect(runJq("[range(5000)] | INDEX(.) | length", null, budget(1_000_000))).toEqual([5000]);
  });

  it("turns a recursion deeper than the stack into a filter error", () => {
    expect(() => jq("def f: 1 + f; f", null)).toThrow(/recursion too deep/);
  });

  it("keeps `__proto__` a plain key and never changes its input", () => {
    const input = { a: [1, 2] };
    expect(jq('.["__proto__"] = 1 | keys', input)).toEqual([["__proto__", "a"]]);
    expect(jq(".a[0] = 9 | .a", input)).toEqual([[9, 2]]);
    expect(input).toEqual({ a: [1, 2] });
    expect(jq("{} | .__proto__", null)).toEqual([null]);
  });

  it("sees dates as their ISO text", () => {
    expect(jq(".", { at: new Date(0) })).toEqual([{ at: "1970-01-01T00:00:00Z" }]);
  });
});
