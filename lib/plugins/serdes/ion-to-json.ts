import { readIon } from "../../plugin-kit/ion-text";
import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { serverTimezone } from "../../values/cron";
import { jsonText, type JsonTextOptions } from "./json-text";
import { encoderFor } from "./charsets";
import { boolProp, type Props, textProp } from "./serdes-props";
import { openText, type RecordCount, storeConverted } from "./task-io";
import { encodeText } from "./text-stream";
import { checkZone } from "./zoned-fields";

// Kestra's IonToJson: JSON Lines, or one JSON document (an array only when there are several records).

export async function ionToJson(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const newLine = boolProp(props, "newLine", true);
  // Annotations are not kept: readIon reads values without them (see the family's README).
  boolProp(props, "shouldKeepAnnotations", false);
  const options: JsonTextOptions = {
    zone: checkZone(textProp(props, "timeZoneId", serverTimezone())),
    dropNulls: true,
  };
  const encode = encoderFor(textProp(props, "charset", "UTF-8"));
  // Decoded here rather than in readIon, so a character split between two chunks stays whole.
  const rows = readIon(await openText(ctx, props, "UTF-8"));
  const count: RecordCount = { records: 0 };
  const texts = newLine ? jsonLines(rows, options, count) : jsonDocument(rows, options, count);
  return storeConverted(ctx, newLine ? ".jsonl" : ".json", encodeText(texts, encode), count);
}

/**
 * A value per line. Jackson's generator writes its root separator, a space, before every value but
 * the first, so lines after the first start with one (Kestra writes the line break past it).
 */
async function* jsonLines(rows: AsyncIterable<unknown>, options: JsonTextOptions, count: RecordCount) {
  for await (const row of rows) {
    yield `${count.records === 0 ? "" : " "}${jsonText(row, options)}\n`;
    count.records++;
  }
}

/** One record alone is written bare; from two on, an array; none, an empty file. */
async function* jsonDocument(rows: AsyncIterable<unknown>, options: JsonTextOptions, count: RecordCount) {
  let first: string | undefined;
  for await (const row of rows) {
    count.records++;
    const text = jsonText(row, options);
    if (count.records === 1) first = text;
    else yield count.records === 2 ? `[${first},${text}` : `,${text}`;
  }
  if (count.records === 1) yield first!;
  else if (count.records > 1) yield "]";
}
