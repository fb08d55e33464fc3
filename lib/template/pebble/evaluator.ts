import type { Args, Node } from "./ast";
import { FilterError } from "./errors";
import { ExpressionEvaluator, type Scope } from "./expressions";
import { isList, isMap, javaString, printValue } from "./values";

type Macro = Extract<Node, { kind: "macro" }>;
type Block = Extract<Node, { kind: "block" }>;

/** Renders one parsed template: text, `{{ }}` and the tags, over the expression evaluator. */
export class Evaluator extends ExpressionEvaluator {
  private readonly macros = new Map<string, Macro>();
  private readonly blocks = new Map<string, Block>();

  render(): string {
    this.collect(this.template.nodes);
    return this.wrap(() => this.renderNodes(this.template.nodes));
  }

  /** Pebble registers macros and blocks when it parses: they can be used before they appear. */
  private collect(nodes: Node[]): void {
    for (const n of nodes) {
      if (n.kind === "macro") this.macros.set(n.name, n);
      if (n.kind === "block") this.blocks.set(n.name, n);
      if (n.kind === "if") for (const b of n.branches) this.collect(b.body);
      if ((n.kind === "if" || n.kind === "for") && n.otherwise) this.collect(n.otherwise);
      if (n.kind === "for" || n.kind === "block" || n.kind === "filterBlock") this.collect(n.body);
    }
  }

  // ---- nodes

  /**
   * Renders nodes into a fresh buffer. Nested bodies (`if`, `for`) stream into their parent's
   * writer; only filter blocks and macros capture, and every buffer is held to the output cap.
   */
  private renderNodes(nodes: Node[]): string {
    const out: string[] = [];
    let length = 0;
    const write = (s: string) => {
      if (!s) return;
      length += s.length;
      this.checkSize(length);
      this.budget.allocate(s.length);
      out.push(s);
    };
    this.renderInto(nodes, write);
    return out.join("");
  }

  private renderInto(nodes: Node[], write: (s: string) => void): void {
    for (const node of nodes) {
      this.charge(1);
      this.renderNode(node, write);
    }
  }

  private renderNode(node: Node, write: (s: string) => void): void {
    switch (node.kind) {
      case "text":
        return write(node.value);
      case "print":
        this.pos = node.pos;
        return write(printValue(this.eval(node.expr)));
      case "set":
        this.pos = node.pos;
        this.assign(node.name, this.eval(node.value));
        return;
      case "if":
        for (const branch of node.branches) {
          this.pos = node.pos;
          if (this.condition(branch.cond, "if")) return this.renderInto(branch.body, write);
        }
        if (node.otherwise) this.renderInto(node.otherwise, write);
        return;
      case "for":
        return this.renderFor(node, write);
      case "filterBlock": {
        let value: unknown = this.renderNodes(node.body);
        for (const f of node.filters) {
          this.pos = f.pos;
          value = this.applyFilter(f.name, value, this.evalArgs(f.args));
        }
        return write(printValue(value));
      }
      case "block":
        return this.renderInto(node.body, write);
      case "macro":
        return;
    }
  }

  private renderFor(node: Extract<Node, { kind: "for" }>, write: (s: string) => void): void {
    this.pos = node.pos;
    const iterable = this.eval(node.iterable);
    // Pebble's ForNode: null renders nothing (not even `else`); maps iterate as key/value entries.
    if (iterable === null) return;
    let items: unknown[];
    if (isList(iterable)) items = iterable;
    else if (isMap(iterable)) items = Object.keys(iterable).map((key) => ({ key, value: iterable[key] }));
    else throw new FilterError(`Not an iterable object. Value = [${javaString(iterable)}]`);
    if (items.length === 0) {
      if (node.otherwise) this.renderInto(node.otherwise, write);
      return;
    }
    const scope: Scope = new Map();
    this.scopes.push(scope);
    try {
      const length = items.length;
      items.forEach((item, index) => {
        this.charge(1);
        scope.set(node.variable, item);
        scope.set("loop", {
          index,
          revindex: length - index - 1,
          first: index === 0,
          last: index === length - 1,
          length,
        });
        this.renderInto(node.body, write);
      });
    } finally {
      this.scopes.pop();
    }
  }

  private callMacro(macro: Macro, argsNode: Args): string {
    const args = this.evalArgs(argsNode);
    const scope: Scope = new Map();
    macro.params.forEach((p, i) => {
      const value =
        i < args.positional.length
          ? args.positional[i]
          : p.name in args.named
            ? args.named[p.name]
            : p.defaultValue
              ? this.eval(p.defaultValue)
              : null;
      scope.set(p.name, value);
    });
    const saved = this.scopes.splice(1);
    this.localScopes.add(scope);
    this.scopes.push(scope);
    try {
      return this.renderNodes(macro.body);
    } finally {
      this.scopes.splice(1, this.scopes.length - 1, ...saved);
    }
  }

  /** Pebble's `block("name")`: the named block's content, rendered again here. */
  private callBlock(argsNode: Args): string {
    const [name] = this.evalArgs(argsNode).positional;
    const block = this.blocks.get(javaString(name));
    if (!block) throw new FilterError(`Block [${javaString(name)}] does not exist.`);
    return this.renderNodes(block.body);
  }

  protected override callTemplateFunction(name: string, args: Args): string | undefined {
    const macro = this.macros.get(name);
    if (macro) return this.budget.nested("Macro calls", () => this.callMacro(macro, args));
    if (name === "block") return this.callBlock(args);
    return undefined;
  }
}
