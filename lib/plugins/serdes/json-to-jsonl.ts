import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { parseJson } from "./json-to-ion";
import { JsonSplitter } from "./json-split";
import { jsonText } from "./json-text";
import { encoderFor } from "./charsets";
import { type Props, textProp } from "./serdes-props";
import { openText, type RecordCount, storeConverted } from "./task-io";
import { encodeText } from "./text-stream";

// Kestra's JsonToJsonl: the elements of a top-level array, or the objects of a file of objects (one
// or several, JSON Lines already), each compact on its own line.

export async function jsonToJsonl(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const charset = textProp(props, "charset", "UTF-8");
  const encode = encoderFor(charset);
  const count: RecordCount = { records: 0 };
  const lines = jsonlLines(await openText(ctx, props, charset), count);
  return storeConverted(ctx, ".jsonl", encodeText(lines, encode), count);
}

async function* jsonlLines(text: AsyncIterable<string>, count: RecordCount): AsyncGenerator<string> {
  const splitter = new JsonSplitter();
  const line = (piece: string) => {
    count.records++;
    // Jackson's tree keeps nulls: JsonNode is written as read.
    return `${jsonText(parseJson(piece, `value ${count.records}`), { zone: "UTC", dropNulls: false })}\n`;
  };
  for await (const chunk of text) {
    for (const piece of splitter.push(chunk)) {
      if (splitter.startsWithArray) yield line(piece);
      else if (piece.startsWith("{")) yield line(piece);
      else if (count.records === 0) throw notArrayOrObject(piece);
      // After a first object, Kestra skips root values that are not objects.
    }
  }
  for (const piece of splitter.flush()) {
    if (count.records === 0) throw notArrayOrObject(piece);
  }
}

/** Kestra's message names Jackson's token. */
function notArrayOrObject(piece: string): Error {
  const token = piece.startsWith('"')
    ? "VALUE_STRING"
    : piece === "true"
      ? "VALUE_TRUE"
      : piece === "false"
        ? "VALUE_FALSE"
        : piece === "null"
          ? "VALUE_NULL"
          : /^-?\d+$/.test(piece)
            ? "VALUE_NUMBER_INT"
            : "VALUE_NUMBER_FLOAT";
  return new Error(`Invalid JSON format. Expected JSON array or object, but found: ${token}`);
}
