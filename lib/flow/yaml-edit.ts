import { Document, isMap, isSeq, LineCounter, parseDocument, type YAMLMap, type YAMLSeq } from "yaml";

/**
 * Edits to a flow's YAML made from the visual editor. Each touches only the text of the task it
 * changes: that task is edited through the `yaml` Document API (its comments and block scalars
 * kept) and spliced back, so every other byte of the user's file stays exactly as written.
 */

export interface TaskSpan {
  index: number;
  id: string | undefined;
  type: string | undefined;
  /** Offsets of the task's own text: from its first key (after `- `) to the end of its last line. */
  start: number;
  end: number;
  /** Offsets of the whole item, from its leading comment lines and `-` to its end (what a move carries). */
  blockStart: number;
  /** 1-based lines of the item, `-` line to last line. */
  startLine: number;
  endLine: number;
}

interface Parsed {
  doc: Document;
  seq: YAMLSeq<YAMLMap> | null;
  spans: TaskSpan[];
}

function parse(source: string): Parsed {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter });
  const node = isMap(doc.contents) ? doc.contents.get("tasks", true) : undefined;
  if (!isSeq(node) || node.flow || !node.items.every((i) => isMap(i) && !i.flow && i.range)) return { doc, seq: null, spans: [] };
  const seq = node as YAMLSeq<YAMLMap>;
  const spans = seq.items.map((item, index): TaskSpan => {
    const [start, , nodeEnd] = item.range!;
    const dashLine = lineStart(source, start);
    const end = nodeEnd > start && source[nodeEnd - 1] === "\n" ? nodeEnd : lineEnd(source, nodeEnd);
    return {
      index,
      id: scalar(item.get("id")),
      type: scalar(item.get("type")),
      start,
      end,
      blockStart: leadingCommentsStart(source, dashLine),
      startLine: lineCounter.linePos(start).line,
      endLine: lineCounter.linePos(Math.max(start, end - 1)).line,
    };
  });
  return { doc, seq, spans };
}

/** Where each task sits in the source; empty when `tasks` is not a block list (then edits go through the whole document). */
export function taskSpans(source: string): TaskSpan[] {
  return parse(source).spans;
}

/** Sets (or, with `undefined`, removes) a property of task `index`, e.g. `["docker", "image"]`. */
export function setTaskProperty(source: string, index: number, path: (string | number)[], value: unknown): string {
  return editTask(source, index, (task) => {
    if (value === undefined || value === "") {
      task.deleteIn(path);
      pruneEmptyParents(task, path);
    } else task.setIn(path, value);
  });
}

/** Appends a task at the end of `tasks`. */
export function addTask(source: string, task: Record<string, unknown>): string {
  const { doc, seq, spans } = parse(source);
  const last = spans.at(-1);
  if (!seq || !last) {
    // No block list to splice into: let the Document API write the list (comments elsewhere are kept).
    const tasks = doc.get("tasks");
    if (isSeq(tasks)) tasks.add(doc.createNode(task));
    else doc.set("tasks", doc.createNode([task]));
    return doc.toString();
  }
  const column = last.start - lineStart(source, last.start);
  const dashColumn = source.slice(lineStart(source, last.start), last.start).indexOf("-");
  const text = indentItem(new Document(task).toString(), column, dashColumn);
  const at = last.end;
  const needsNewline = at > 0 && source[at - 1] !== "\n";
  return source.slice(0, at) + (needsNewline ? "\n" : "") + text + source.slice(at);
}

/** Removes task `index` with its leading comment lines. */
export function deleteTask(source: string, index: number): string {
  const { spans } = parse(source);
  const span = requireSpan(spans, index);
  return source.slice(0, span.blockStart) + source.slice(span.end);
}

/** Swaps task `index` with its neighbour above (-1) or below (+1); each keeps its own comments and text. */
export function moveTask(source: string, index: number, delta: -1 | 1): string {
  const { spans } = parse(source);
  const [a, b] = delta < 0 ? [requireSpan(spans, index - 1), requireSpan(spans, index)] : [requireSpan(spans, index), requireSpan(spans, index + 1)];
  const first = withNewline(source.slice(a.blockStart, a.end));
  const between = source.slice(a.end, b.blockStart);
  const second = withNewline(source.slice(b.blockStart, b.end));
  const tail = source.slice(b.end);
  const joined = second + between + first;
  // The last item may have had no final newline: keep the file's ending as it was.
  return source.slice(0, a.blockStart) + (b.end === source.length && !source.endsWith("\n") ? joined.replace(/\n$/, "") : joined) + tail;
}

function editTask(source: string, index: number, change: (task: YAMLMap) => void): string {
  const { doc, seq, spans } = parse(source);
  if (!seq) {
    const task = isMap(doc.getIn(["tasks", index], true)) ? (doc.getIn(["tasks", index], true) as YAMLMap) : null;
    if (!task) throw new Error(`there is no task ${index + 1}`);
    change(task);
    return doc.toString();
  }
  const span = requireSpan(spans, index);
  const item = seq.items[index];
  change(item);
  const column = span.start - lineStart(source, span.start);
  const text = reindent(new Document(item).toString(), column);
  return source.slice(0, span.start) + text + source.slice(span.end);
}

/** Removing `docker.image` from `docker: {image}` should not leave an empty `docker: {}` behind. */
function pruneEmptyParents(task: YAMLMap, path: (string | number)[]) {
  for (let depth = path.length - 1; depth > 0; depth--) {
    const parent = task.getIn(path.slice(0, depth), true);
    if (isMap(parent) && parent.items.length === 0) task.deleteIn(path.slice(0, depth));
    else break;
  }
}

function requireSpan(spans: TaskSpan[], index: number): TaskSpan {
  const span = spans[index];
  if (!span) throw new Error(`there is no task ${index + 1}`);
  return span;
}

/** A map's text as a list item: `- ` at the dash column, the rest at `column`. */
function indentItem(text: string, column: number, dashColumn: number): string {
  const pad = " ".repeat(Math.max(0, dashColumn)) + "-" + " ".repeat(Math.max(1, column - dashColumn - 1));
  return pad + reindent(text, column);
}

/** Indents every line but the first by `column` spaces (empty lines stay empty). */
function reindent(text: string, column: number): string {
  const pad = " ".repeat(column);
  return text
    .split("\n")
    .map((line, i) => (i === 0 || line === "" ? line : pad + line))
    .join("\n");
}

function scalar(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function lineStart(source: string, offset: number): number {
  return source.lastIndexOf("\n", offset - 1) + 1;
}

function lineEnd(source: string, offset: number): number {
  const nl = source.indexOf("\n", offset);
  return nl === -1 ? source.length : nl + 1;
}

/** Comment lines directly above an item belong to it (they move and go with it). */
function leadingCommentsStart(source: string, dashLineStart: number): number {
  let start = dashLineStart;
  while (start > 0) {
    const prev = lineStart(source, start - 1);
    if (!source.slice(prev, start).trimStart().startsWith("#")) break;
    start = prev;
  }
  return start;
}

function withNewline(text: string): string {
  return text.endsWith("\n") ? text : text + "\n";
}
