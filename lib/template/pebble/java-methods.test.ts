import { describe, expect, it } from "vitest";
import { PebbleRuntimeError, PebbleUndefinedError, TemplateLimitError, renderTemplate } from "./index";

const ctx = { s: "Hello, World", csv: "a,b,,c,,", list: [3, 1, 2], map: { a: 1, b: "x" }, n: 3.7 };

// Expected values are what java.lang.String / java.util.List / java.util.Map return for these
// calls (Java SE API docs), which Pebble invokes for `value.method(args)` and bean properties.
describe("Java methods on values", () => {
  it.each([
    ["{{ s.length() }}", "12"],
    ["{{ s.length }}", "12"],
    ["{{ s.empty }}", "false"],
    ["{{ ''.isEmpty() }}", "true"],
    ["{{ '  '.blank }}", "true"],
    ["{{ s.toUpperCase() }}", "HELLO, WORLD"],
    ["{{ s.toLowerCase() }}", "hello, world"],
    ["{{ '  x  '.trim() }}", "x"],
    ["{{ s.contains('World') }}", "true"],
    ["{{ s.startsWith('Hell') }}", "true"],
    ["{{ s.endsWith('d') }}", "true"],
    ["{{ s.indexOf('o') }}", "4"],
    ["{{ s.lastIndexOf('o') }}", "8"],
    ["{{ s.substring(7) }}", "World"],
    ["{{ s.substring(0, 5) }}", "Hello"],
    ["{{ s.replace('l', 'L') }}", "HeLLo, WorLd"],
    ["{{ s.replaceAll('[aeiou]', '*') }}", "H*ll*, W*rld"],
    ["{{ s.replaceFirst('l', 'L') }}", "HeLlo, World"],
    ["{{ 'a1b22'.replaceAll('(\\d+)', '<$1>') }}", "a<1>b<22>"],
    ["{{ s.matches('H.*d') }}", "true"],
    ["{{ csv.split(',') }}", '["a","b","","c"]'],
    ["{{ csv.split(',', -1) }}", '["a","b","","c","",""]'],
    ["{{ csv.split(',', 2) }}", '["a","b,,c,,"]'],
    ["{{ s.charAt(1) }}", "e"],
    ["{{ 'ab'.repeat(3) }}", "ababab"],
    ["{{ s.equalsIgnoreCase('hello, world') }}", "true"],
    ["{{ list.size() }}", "3"],
    ["{{ list.size }}", "3"],
    ["{{ list.empty }}", "false"],
    ["{{ list.contains(2) }}", "true"],
    ["{{ list.get(0) }}", "3"],
    ["{{ list.indexOf(2) }}", "2"],
    ["{{ list.subList(1, 3) }}", "[1,2]"],
    ["{{ map.size() }}", "2"],
    ["{{ map.containsKey('a') }}", "true"],
    ["{{ map.containsValue('x') }}", "true"],
    ["{{ map.get('b') }}", "x"],
    ["{{ map.getOrDefault('z', 'none') }}", "none"],
    ["{{ map.keySet() }}", '["a","b"]'],
    ["{{ n.intValue() }}", "3"],
  ])("%s → %s", (template, expected) => {
    expect(renderTemplate(template, ctx)).toBe(expected);
  });

  it("maps answer only with their keys when there are no parentheses", () => {
    expect(() => renderTemplate("{{ map.size }}", ctx)).toThrow(PebbleUndefinedError);
  });

  it("has nothing else", () => {
    expect(() => renderTemplate("{{ s.getClass() }}", ctx)).toThrow(
      /Method getClass with 0 argument\(s\) is not available on String/,
    );
    expect(() => renderTemplate("{{ s.constructor() }}", ctx)).toThrow(PebbleRuntimeError);
    expect(() => renderTemplate("{{ s.bytes }}", ctx)).toThrow(PebbleUndefinedError);
    expect(() => renderTemplate("{{ list.stream() }}", ctx)).toThrow(/not available on List/);
    expect(() => renderTemplate("{{ s.substring(20) }}", ctx)).toThrow(/out of bounds/);
  });

  it("bounds what a method may build", () => {
    expect(() => renderTemplate("{{ 'ab'.repeat(1000000000) }}", ctx)).toThrow(TemplateLimitError);
  });
});
