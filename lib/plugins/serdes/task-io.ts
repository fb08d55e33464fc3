import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { State } from "../../states/states";
import { decoderFor } from "./charsets";
import { fromUri, type Props } from "./serdes-props";
import { decodeText } from "./text-stream";

// Every serdes task reads one stored file and stores one: `uri` and `size` (records converted).

/** Records counted as the converter writes them. */
export interface RecordCount {
  records: number;
}

/** Stores the converted bytes as `<taskId><extension>` and returns Kestra's outputs. */
export async function storeConverted(
  ctx: PluginContext,
  extension: string,
  chunks: AsyncIterable<Uint8Array>,
  count: RecordCount,
): Promise<PluginOutcome> {
  const uri = await ctx.putFile(`${ctx.taskId}${extension}`, chunks);
  ctx.log(`${count.records} records converted`, "DEBUG");
  return { state: State.SUCCESS, outputs: { uri, size: count.records } };
}

/**
 * The text of the `from` file in `charset`. The charset is checked before the file is opened: a
 * stream opened and never read would stay open.
 */
export async function openText(ctx: PluginContext, props: Props, charset: string): Promise<AsyncGenerator<string>> {
  const decode = decoderFor(charset);
  const file = await ctx.openFile(fromUri(props));
  return decodeText(file.stream, decode, ctx.signal);
}
