import { addAbortSignal } from "node:stream";
import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { State } from "../../states/states";
import { ByteBudget, counted } from "./byte-streams";
import { fileCompression, fromUri, type Props, readLimits } from "./compress-props";
import { decoderOf, encoderOf, extensionOf } from "./compression";

// Kestra's FileCompress and FileDecompress: one stored file through one codec, output `uri`. The
// stored name is the source's with the algorithm's extension added (or taken off).

export async function fileCompress(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const compression = fileCompression(props);
  const encode = encoderOf(compression);
  const file = await ctx.openFile(fromUri(props));
  const source = addAbortSignal(ctx.signal, file.stream);
  try {
    const uri = await ctx.putFile(`${baseName(file.name)}${extensionOf(compression)}`, encode(source, ctx.signal));
    return { state: State.SUCCESS, outputs: { uri } };
  } finally {
    source.destroy();
  }
}

export async function fileDecompress(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const compression = fileCompression(props);
  const decode = decoderOf(compression);
  const { maxSize } = readLimits(props);
  const file = await ctx.openFile(fromUri(props));
  const source = addAbortSignal(ctx.signal, file.stream);
  try {
    const budget = new ByteBudget(maxSize, `${file.name} (${compression})`);
    const uri = await ctx.putFile(
      decompressedName(file.name, extensionOf(compression)),
      counted(decode(source, ctx.signal), budget),
    );
    return { state: State.SUCCESS, outputs: { uri } };
  } finally {
    source.destroy();
  }
}

const baseName = (name: string) => name.slice(name.lastIndexOf("/") + 1);

/** `data.csv.gz` → `data.csv`; a name without the extension is kept. */
function decompressedName(name: string, extension: string): string {
  const base = baseName(name);
  return base.toLowerCase().endsWith(extension.toLowerCase()) && base.length > extension.length
    ? base.slice(0, -extension.length)
    : base;
}
