import { Readable } from "node:stream";
import { OutputFileSink } from "../files/output-file-sink";
import { discardOutputFiles, readFileByUri, saveOutputFiles } from "../files/output-files";
import type { TaskContext } from "./task-context";

/** A task run's own files, as the server-side storage and ForEachItem tasks keep them. */
export function taskFiles(ctx: TaskContext) {
  const { db, storage, config } = ctx.deps;
  const owner = { executionId: ctx.executionId, taskRunId: ctx.taskRunId, taskId: ctx.taskId };
  return {
    /** Stores each (name → content) as this task run's output files; returns name → URI. A cap passed stores none. */
    async store(files: Record<string, string | Buffer>): Promise<Record<string, string>> {
      const sink = new OutputFileSink(storage, owner, {
        maxFileBytes: config.OSPREY_MAX_OUTPUT_FILE_BYTES,
        maxTaskBytes: config.OSPREY_MAX_OUTPUT_BYTES_PER_TASK,
      });
      try {
        for (const [name, content] of Object.entries(files)) {
          const bytes = typeof content === "string" ? Buffer.from(content) : content;
          await sink.accept(name, bytes.length, Readable.from([bytes]));
        }
        return await saveOutputFiles(db, owner, sink.stored());
      } catch (err) {
        await discardOutputFiles({ db, storage }, owner);
        throw err;
      }
    },
    /** A file this execution (or a parent that started it as a subflow) stored, in memory, under the file cap. */
    async read(uri: string): Promise<Buffer> {
      return (
        await readFileByUri({ db, storage }, ctx.executionId, uri.trim(), config.OSPREY_MAX_OUTPUT_FILE_BYTES, {
          fromParents: true,
        })
      ).content;
    },
  };
}

/** `.csv`, `csv` or nothing → `.csv` or the fallback (Kestra's `extension`). */
export function extensionOf(value: unknown, fallback: string): string {
  const text = value === undefined || value === null || value === "" ? fallback : String(value);
  if (!/^\.?[A-Za-z0-9_-]{1,16}$/.test(text)) throw new Error(`invalid extension "${text}"`);
  return text.startsWith(".") ? text : `.${text}`;
}

/** The extension of a URI's file name (`.tmp` when it has none), as Kestra's Split keeps it. */
export function extensionOfUri(uri: string): string {
  const name = uri.split("/").at(-1) ?? "";
  const dot = name.lastIndexOf(".");
  return dot > 0 && /^\.[A-Za-z0-9_-]{1,16}$/.test(name.slice(dot)) ? name.slice(dot) : ".tmp";
}
