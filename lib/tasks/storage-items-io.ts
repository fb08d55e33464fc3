import { createInterface } from "node:readline";
import { load } from "ion-js";
import { OutputFileSink } from "../files/output-file-sink";
import { discardOutputFiles, openFileByUri, saveOutputFiles } from "../files/output-files";
import { fromIon } from "../plugin-kit/ion-text";
import type { RenderRequest } from "../template/render-request";
import { TemplateError } from "../template/render";
import type { TaskContext } from "./task-context";

// What DeduplicateItems and FilterItems share: an Ion file read line by line (one item a line, as
// Kestra's BufferedReader does), an expression rendered against each item in the template
// processes (bounded like every render), and kept lines streamed into a new file.

export type Item = Record<string, unknown>;

/** The lines of a stored file, streamed (a CR before the LF is dropped, as Java's readLine does). */
export async function* linesOf(ctx: TaskContext, uri: string): AsyncGenerator<string> {
  const file = await openFileByUri(ctx.deps, ctx.executionId, uri.trim(), { fromParents: true });
  const lines = createInterface({ input: file.stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (ctx.signal.aborted) throw new Error("the task was stopped");
      yield line;
    }
  } finally {
    lines.close();
    file.stream.destroy();
  }
}

/** One line as an item (Kestra reads each with Jackson's Ion mapper into a Map). */
export function itemOf(line: string, number: number, uri: string): Item {
  let value: unknown;
  try {
    value = fromIon(load(line));
  } catch (err) {
    throw new Error(`line ${number} of ${uri} is not valid Ion: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (
    typeof value !== "object" ||
    value === null ||
    Array.isArray(value) ||
    value instanceof Date ||
    Buffer.isBuffer(value)
  )
    throw new Error(
      `line ${number} of ${uri} is not an Ion struct (one item per line is expected, such as a CsvToIon or JsonToIon output): ${line.slice(0, 80)}`,
    );
  return value as Item;
}

/** Renders `expression` against one item: its fields are top-level variables, beside flow, execution and inputs. */
export type ItemRenderer = (item: Item) => Promise<string>;

export async function itemRenderer(ctx: TaskContext, expression: string): Promise<ItemRenderer> {
  const { db, templates, config } = ctx.deps;
  const execution = await db.execution.findUniqueOrThrow({ where: { id: ctx.executionId } });
  const base: RenderRequest["vars"] = {
    flow: { id: execution.flowId, namespace: execution.namespace, revision: execution.flowRevision },
    execution: { id: execution.id, startDate: (execution.startedAt ?? execution.createdAt).toISOString() },
    inputs: execution.inputs ? (JSON.parse(execution.inputs) as Record<string, unknown>) : {},
    outputs: {},
  };
  return async (item) => {
    const { value } = await templates.render({
      value: expression,
      vars: { ...base, ...item } as RenderRequest["vars"],
      maxOutputChars: config.OSPREY_TEMPLATE_MAX_OUTPUT_CHARS,
    });
    return value === null || value === undefined ? "" : String(value);
  };
}

/**
 * A render that hit one of the template limits (time, memory, steps, output size) or lost its
 * process, never an item's own error: it always fails the task, so a runaway expression cannot be
 * let through item after item by errorOrNullBehavior.
 */
export function renderHitALimit(err: unknown): boolean {
  return (
    err instanceof TemplateError &&
    /and was stopped|exceeded \d+ steps|OSPREY_TEMPLATE_|expression process|cannot pass the expression's data|renderer is closed/.test(
      err.message,
    )
  );
}

/** Stores `chunks` as this task run's file `name`, streamed under the output caps; returns its URI. */
export async function storeStreamed(
  ctx: TaskContext,
  name: string,
  chunks: AsyncIterable<Uint8Array>,
): Promise<string> {
  const { db, storage, config } = ctx.deps;
  const owner = { executionId: ctx.executionId, taskRunId: ctx.taskRunId, taskId: ctx.taskId };
  const sink = new OutputFileSink(storage, owner, {
    maxFileBytes: config.OSPREY_MAX_OUTPUT_FILE_BYTES,
    maxTaskBytes: config.OSPREY_MAX_OUTPUT_BYTES_PER_TASK,
  });
  try {
    await sink.accept(name, undefined, chunks);
    return (await saveOutputFiles(db, owner, sink.stored()))[name];
  } catch (err) {
    await discardOutputFiles({ db, storage }, owner);
    throw err;
  }
}
