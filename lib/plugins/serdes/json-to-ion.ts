import { ionLines } from "../../plugin-kit/ion-text";
import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { javaLines, JsonSplitter } from "./json-split";
import { boolProp, type Props, textProp } from "./serdes-props";
import { openText, type RecordCount, storeConverted } from "./task-io";
import { batchBytes } from "./text-stream";

// Kestra's JsonToIon: a JSON value per line (newLine), or one document whose top-level array gives a
// record per element. Whole numbers become Ion ints, others floats (JSON.parse reads `1.0` as 1, an
// int: see the family's README).

export async function jsonToIon(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const newLine = boolProp(props, "newLine", true);
  const text = await openText(ctx, props, textProp(props, "charset", "UTF-8"));
  const count: RecordCount = { records: 0 };
  const values = counted(newLine ? lineValues(text) : documentValues(text), count);
  return storeConverted(ctx, ".ion", batchBytes(ionLines(values)), count);
}

async function* counted<T>(values: AsyncIterable<T>, count: RecordCount): AsyncGenerator<T> {
  for await (const value of values) {
    count.records++;
    yield value;
  }
}

/** Each line one value; a blank line is an error, as Jackson has nothing to read there. */
async function* lineValues(text: AsyncIterable<string>): AsyncGenerator<unknown> {
  let line = 0;
  for await (const content of javaLines(text)) {
    line++;
    if (content.trim() === "") throw new Error(`No content to map due to end-of-input (line ${line})`);
    yield parseJson(content, `line ${line}`);
  }
}

/** The elements of a top-level array, else the first value (Jackson reads one and ignores the rest). */
export async function* documentValues(text: AsyncIterable<string>): AsyncGenerator<unknown> {
  const splitter = new JsonSplitter();
  let index = 0;
  for await (const chunk of text) {
    for (const piece of splitter.push(chunk)) {
      yield parseJson(piece, `element ${index++}`);
      if (!splitter.startsWithArray) return;
    }
  }
  for (const piece of splitter.flush()) yield parseJson(piece, `element ${index++}`);
}

export function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`Invalid JSON at ${where}: ${(err as Error).message}`);
  }
}
