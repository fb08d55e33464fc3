import { parse, stringify } from "yaml";
import { ionLines, readIon } from "../../plugin-kit/ion-text";
import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { javaLines } from "./json-split";
import { instantText } from "../../plugin-kit/java-text";
import { encoderFor } from "./charsets";
import { type Props, textProp } from "./serdes-props";
import { openText, type RecordCount, storeConverted } from "./task-io";
import { batchBytes, encodeText } from "./text-stream";

// Kestra's IonToYaml and YamlToIon. Kestra writes YAML with Jackson (no `---` before a lone document,
// no line folding, null fields left out); the `yaml` package is set to write alike.

const WRITE = { lineWidth: 0, indentSeq: false, blockQuote: false } as const;

export async function ionToYaml(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const encode = encoderFor(textProp(props, "charset", "UTF-8"));
  const rows = readIon(await openText(ctx, props, "UTF-8"));
  const count: RecordCount = { records: 0 };
  return storeConverted(ctx, ".yaml", encodeText(yamlDocuments(rows, count), encode), count);
}

/** One record: its document, then a line break; several: each after `---`. */
async function* yamlDocuments(rows: AsyncIterable<unknown>, count: RecordCount): AsyncGenerator<string> {
  let held: string | undefined;
  for await (const row of rows) {
    count.records++;
    const text = `${stringify(plain(row), WRITE)}\n`;
    if (count.records === 1) held = text;
    else {
      if (count.records === 2) yield `---\n${held}`;
      yield `---\n${text}`;
    }
  }
  if (count.records === 1) yield held!;
}

/** Values as Jackson writes them in YAML: dates as ISO text, bytes in base64, no null fields. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return instantText(value);
  if (Buffer.isBuffer(value)) return value.toString("base64");
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, plain(v)]),
    );
  return value;
}

export async function yamlToIon(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const text = await openText(ctx, props, textProp(props, "charset", "UTF-8"));
  const count: RecordCount = { records: 0 };
  return storeConverted(ctx, ".ion", batchBytes(ionLines(yamlValues(text, count))), count);
}

/**
 * A value per document, read one document at a time: a line starting with `---` or `...` always
 * ends a document in YAML (no content may start so), so the file is cut there before parsing.
 */
async function* yamlValues(text: AsyncIterable<string>, count: RecordCount): AsyncGenerator<unknown> {
  let lines: string[] = [];
  const document = function* () {
    const source = lines.join("\n");
    lines = [];
    // A part with only comments or blanks (before the first `---`) is no document.
    if (source.replace(/#.*$/gm, "").trim() === "") return;
    count.records++;
    yield parse(source, { intAsBigInt: true });
  };
  for await (const line of javaLines(text)) {
    const marker = /^(---|\.\.\.)(\s|$)/.exec(line);
    if (!marker) {
      lines.push(line);
      continue;
    }
    yield* document();
    // `--- value`: the document starts on the marker's line.
    if (marker[1] === "---") lines.push(line.slice(3));
  }
  yield* document();
}
