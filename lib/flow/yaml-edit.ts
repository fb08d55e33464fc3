import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, type YAMLMap } from "yaml";
import { CHILD_TASK_LISTS, FLOW_TASK_LISTS, type TaskPath } from "./task-tree";

/**
 * Edits to a flow's YAML made from the visual editor. Each touches only the text of the task it
 * changes: that task is edited through the `yaml` Document API (its comments and block scalars
 * kept) and spliced back, so every other byte of the user's file stays exactly as written.
 */

export interface TaskSpan {
  /** The task's place in its list. */
  index: number;
  /** Path to the task in the document, e.g. `["tasks", 0, "then", 1]` (a Dag entry's task ends in `"task"`). */
  path: TaskPath;
  /** Path to the list that holds it. */
  listPath: TaskPath;
  id: string | undefined;
  type: string | undefined;
  /** Offsets of the task's own text: from its first key (after `- `) to the end of its last line. */
  start: number;
  end: number;
  /** Offsets of the whole item, from its leading comment lines and `-` to its end (what a move carries). */
  blockStart: number;
  /** End of the whole item: past `end` for a Dag entry whose `dependsOn` follows its task. */
  blockEnd: number;
  /** 1-based lines of the item, `-` line to last line. */
  startLine: number;
  endLine: number;
}

/** A task: its index in the flow's top-level `tasks`, or its path (as `forEachTask` gives it). */
export type TaskRef = number | TaskPath;

interface Parsed {
  doc: Document;
  spans: TaskSpan[];
}

const pathKey = (path: TaskPath) => JSON.stringify(path);
const toPath = (ref: TaskRef): TaskPath => (typeof ref === "number" ? ["tasks", ref] : ref);

function parse(source: string): Parsed {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter });
  const spans: TaskSpan[] = [];
  // Only block lists of block maps are edited as text; anything written flow-style goes through the Document API.
  const walkList = (node: unknown, listPath: TaskPath) => {
    if (!isSeq(node)) return;
    const textual = !node.flow && node.items.every((i) => isMap(i) && !i.flow && i.range);
    node.items.forEach((item, index) => {
      if (!isMap(item)) return;
      const inner = item.get("task", true);
      const isDagEntry = !item.has("type") && isMap(inner);
      const task = isDagEntry ? (inner as YAMLMap) : item;
      const path = isDagEntry ? [...listPath, index, "task"] : [...listPath, index];
      if (textual && task.range && !task.flow) spans.push(span(source, lineCounter, item, task, path, listPath, index));
      walkTask(task, path);
    });
  };
  const walkTask = (task: YAMLMap, path: TaskPath) => {
    for (const key of CHILD_TASK_LISTS) walkList(task.get(key, true), [...path, key]);
    const cases = task.get("cases", true);
    if (isMap(cases))
      for (const pair of cases.items)
        if (isScalar(pair.key)) walkList(pair.value, [...path, "cases", String(pair.key.value)]);
  };
  if (isMap(doc.contents)) for (const key of FLOW_TASK_LISTS) walkList(doc.contents.get(key, true), [key]);
  return { doc, spans };
}

function span(
  source: string,
  lineCounter: LineCounter,
  item: YAMLMap,
  task: YAMLMap,
  path: TaskPath,
  listPath: TaskPath,
  index: number,
): TaskSpan {
  const textEnd = (node: YAMLMap, start: number) => {
    const nodeEnd = node.range![2];
    return nodeEnd > start && source[nodeEnd - 1] === "\n" ? nodeEnd : lineEnd(source, nodeEnd);
  };
  const itemStart = item.range![0];
  const start = task.range![0];
  const blockEnd = textEnd(item, itemStart);
  return {
    index,
    path,
    listPath,
    id: scalar(task.get("id")),
    type: scalar(task.get("type")),
    start,
    end: task === item ? blockEnd : textEnd(task, start),
    blockStart: leadingCommentsStart(source, lineStart(source, itemStart)),
    blockEnd,
    startLine: lineCounter.linePos(itemStart).line,
    endLine: lineCounter.linePos(Math.max(itemStart, blockEnd - 1)).line,
  };
}

/** Where each task sits in the source, at any depth, in document order (a parent before its children). */
export function taskSpans(source: string): TaskSpan[] {
  return parse(source).spans;
}

/** Sets (or, with `undefined`, removes) a property of a task, e.g. `["docker", "image"]`. */
export function setTaskProperty(source: string, ref: TaskRef, path: (string | number)[], value: unknown): string {
  return editTask(source, toPath(ref), (task) => {
    if (value === undefined || value === "") {
      task.deleteIn(path);
      pruneEmptyParents(task, path);
    } else task.setIn(path, value);
  });
}

/**
 * Appends a task at the end of a list: the flow's `tasks` by default, or any list of tasks, e.g.
 * `["tasks", 0, "then"]` or `["tasks", 2, "cases", "a"]`. A missing nested list is created in its task.
 */
export function addTask(source: string, task: Record<string, unknown>, listPath: TaskPath = ["tasks"]): string {
  const { doc, spans } = parse(source);
  const key = pathKey(listPath);
  const last = spans.filter((s) => pathKey(s.listPath) === key).at(-1);
  const list = doc.getIn(listPath, true);
  if (last && isSeq(list) && last.index === list.items.length - 1) {
    const itemStart = itemStartOf(source, last);
    const column = itemStart - lineStart(source, itemStart);
    const dashColumn = source.slice(lineStart(source, itemStart), itemStart).indexOf("-");
    const text = indentItem(new Document(task).toString(), column, dashColumn);
    const at = last.blockEnd;
    const needsNewline = at > 0 && source[at - 1] !== "\n";
    return source.slice(0, at) + (needsNewline ? "\n" : "") + text + source.slice(at);
  }
  if (listPath.length === 1) {
    // No block list to splice into: let the Document API write the list (comments elsewhere are kept).
    if (isSeq(list)) list.add(doc.createNode(task));
    else doc.set(listPath[0], doc.createNode([task]));
    return doc.toString();
  }
  const { owner, keyPath } = ownerOf(listPath);
  return editTask(source, owner, (parent, d) => {
    const current = parent.getIn(keyPath, true);
    if (isSeq(current)) current.add(d.createNode(task));
    else parent.setIn(keyPath, d.createNode([task]));
  });
}

/** Removes a task with its leading comment lines; the last task of a nested list takes the list with it. */
export function deleteTask(source: string, ref: TaskRef): string {
  const path = toPath(ref);
  const { doc, spans } = parse(source);
  const { listPath, index } = entryOf(path);
  const list = doc.getIn(listPath, true);
  if (!isSeq(list) || !isMap(list.items[index])) throw new Error(`there is no task ${describe(path)}`);
  if (listPath.length > 1 && list.items.length === 1) {
    const { owner, keyPath } = ownerOf(listPath);
    return editTask(source, owner, (parent) => {
      parent.deleteIn(keyPath);
      pruneEmptyParents(parent, keyPath);
    });
  }
  const span = spans.find((s) => pathKey(s.listPath) === pathKey(listPath) && s.index === index);
  if (!span) {
    doc.deleteIn([...listPath, index]);
    return doc.toString();
  }
  return source.slice(0, span.blockStart) + source.slice(span.blockEnd);
}

/** Swaps a task with its neighbour above (-1) or below (+1) in its list; each keeps its own comments and text. */
export function moveTask(source: string, ref: TaskRef, delta: -1 | 1): string {
  const path = toPath(ref);
  const { spans } = parse(source);
  const { listPath, index } = entryOf(path);
  const inList = (i: number) => {
    const found = spans.find((s) => pathKey(s.listPath) === pathKey(listPath) && s.index === i);
    if (!found) throw new Error(`there is no task ${describe([...listPath, i])}`);
    return found;
  };
  const [a, b] = delta < 0 ? [inList(index - 1), inList(index)] : [inList(index), inList(index + 1)];
  const first = withNewline(source.slice(a.blockStart, a.blockEnd));
  const between = source.slice(a.blockEnd, b.blockStart);
  const second = withNewline(source.slice(b.blockStart, b.blockEnd));
  const tail = source.slice(b.blockEnd);
  const joined = second + between + first;
  // The last item may have had no final newline: keep the file's ending as it was.
  return (
    source.slice(0, a.blockStart) +
    (b.blockEnd === source.length && !source.endsWith("\n") ? joined.replace(/\n$/, "") : joined) +
    tail
  );
}

function editTask(source: string, path: TaskPath, change: (task: YAMLMap, doc: Document) => void): string {
  const { doc, spans } = parse(source);
  const task = doc.getIn(path, true);
  if (!isMap(task)) throw new Error(`there is no task ${describe(path)}`);
  const span = spans.find((s) => pathKey(s.path) === pathKey(path));
  change(task, doc);
  if (!span) return doc.toString();
  const column = span.start - lineStart(source, span.start);
  const text = reindent(new Document(task).toString(), column);
  return source.slice(0, span.start) + text + source.slice(span.end);
}

/** The list item a task path points into (a Dag entry's task is the entry's `task`). */
function entryOf(path: TaskPath): { listPath: TaskPath; index: number } {
  const entry = path.at(-1) === "task" ? path.slice(0, -1) : path;
  const index = entry.at(-1);
  if (typeof index !== "number") throw new Error(`there is no task ${describe(path)}`);
  return { listPath: entry.slice(0, -1), index };
}

/** `["tasks", 0, "cases", "a"]` → the task `["tasks", 0]` and its key `["cases", "a"]`. */
function ownerOf(listPath: TaskPath): { owner: TaskPath; keyPath: TaskPath } {
  const cut = listPath.at(-2) === "cases" ? 2 : 1;
  return { owner: listPath.slice(0, -cut), keyPath: listPath.slice(-cut) };
}

/** A task's number for messages: `3` at the top level, else its path. */
function describe(path: TaskPath): string {
  return path.length === 2 && path[0] === "tasks" && typeof path[1] === "number" ? String(path[1] + 1) : path.join(".");
}

/** Where an item's first key starts, after its `- ` (a Dag entry's first key may be `dependsOn` or `task`). */
function itemStartOf(source: string, span: TaskSpan): number {
  const dashLine = lineStart(source, span.blockStart);
  let at = span.blockStart;
  // Skip the leading comment lines to the `-` line, then past `- `.
  for (let line = dashLine; line < span.blockEnd; line = lineEnd(source, line)) {
    const text = source.slice(line, lineEnd(source, line));
    if (!text.trimStart().startsWith("#")) {
      const dash = text.indexOf("-");
      at = line + dash + 1;
      while (source[at] === " ") at++;
      break;
    }
  }
  return at;
}

/** Removing `docker.image` from `docker: {image}` should not leave an empty `docker: {}` behind. */
function pruneEmptyParents(task: YAMLMap, path: (string | number)[]) {
  for (let depth = path.length - 1; depth > 0; depth--) {
    const parent = task.getIn(path.slice(0, depth), true);
    if (isMap(parent) && parent.items.length === 0) task.deleteIn(path.slice(0, depth));
    else break;
  }
}

/** A map's text as a list item: `- ` at the dash column, the rest at `column`. */
function indentItem(text: string, column: number, dashColumn: number): string {
  const pad = `${" ".repeat(Math.max(0, dashColumn))}-${" ".repeat(Math.max(1, column - dashColumn - 1))}`;
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
  return text.endsWith("\n") ? text : `${text}\n`;
}
