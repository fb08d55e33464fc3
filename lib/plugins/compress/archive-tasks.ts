import { addAbortSignal } from "node:stream";
import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { State } from "../../states/states";
import { formatBytes } from "../../values/values";
import { archiveFormat } from "./archive-formats";
import { type OpenSource, sourceEntries } from "./archive-sources";
import { ByteBudget, counted } from "./byte-streams";
import { archiveAlgorithm, archiveCompression, fromUri, type Props, readLimits } from "./compress-props";
import { decoderOf, encoderOf, extensionOf } from "./compression";
import { Extraction } from "./extraction";

// Kestra's ArchiveCompress (→ `uri`) and ArchiveDecompress (→ `files`). Properties are checked before
// any file is opened; bytes stream from the port to the port.

export async function archiveCompress(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const format = archiveFormat(archiveAlgorithm(props));
  const compression = archiveCompression(props);
  const encode = compression ? encoderOf(compression) : undefined;
  const entries = await sourceEntries(ctx, props.from);
  const open: OpenSource = async (uri) => {
    const file = await ctx.openFile(uri);
    return { size: file.size, stream: addAbortSignal(ctx.signal, file.stream) };
  };
  const archive = format.write(entries, open);
  const name = `${ctx.taskId}${format.extension}${compression ? extensionOf(compression) : ""}`;
  const uri = await ctx.putFile(name, encode ? encode(archive, ctx.signal) : archive);
  ctx.log(`${entries.length} files archived`, "DEBUG");
  return { state: State.SUCCESS, outputs: { uri } };
}

export async function archiveDecompress(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const format = archiveFormat(archiveAlgorithm(props));
  const compression = archiveCompression(props);
  const decode = compression ? decoderOf(compression) : undefined;
  const limits = readLimits(props);
  const file = await ctx.openFile(fromUri(props));
  const raw = addAbortSignal(ctx.signal, file.stream);
  try {
    // The decompressed archive and the files taken from it are each held to maxSize.
    const budget = new ByteBudget(limits.maxSize, `the ${compression} stream of ${file.name}`);
    const archive = decode ? counted(decode(raw, ctx.signal), budget) : raw;
    const extraction = new Extraction(ctx, limits);
    await format.read(archive, extraction, limits.maxEntries);
    ctx.log(`${extraction.count} files extracted (${formatBytes(extraction.size)})`);
    return { state: State.SUCCESS, outputs: { files: extraction.files } };
  } finally {
    raw.destroy();
  }
}
