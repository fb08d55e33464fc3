import type { Readable } from "node:stream";
import { AppError } from "../errors/app-error";
import type { Storage } from "../storage/storage";
import { assertValidKey, executionPrefix } from "../storage/storage-keys";

// A FILE input's bytes live in storage under its execution; its value is an osprey:/// URI like an
// output file's, so `inputFiles: {data.csv: "{{ inputs.file }}"}` and the download route read it.

const PREFIX = /^osprey:\/\/\/executions\/([^/]+)\/inputs\/([^/]+)\/([^/]+)$/;

/** Every input file of one execution. */
export function inputFilesPrefix(executionId: string): string {
  return assertValidKey(`${executionPrefix(executionId)}/inputs`);
}

/** A file name as given by a browser, made a single safe key segment. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? "").replace(/[\u0000-\u001f\u007f]/g, "_").trim();
  return base === "" || base === "." || base === ".." ? "file" : base.slice(0, 200);
}

export function inputFileKey(executionId: string, inputId: string, fileName: string): string {
  return assertValidKey(`${inputFilesPrefix(executionId)}/${inputId}/${safeFileName(fileName)}`);
}

export function inputFileUri(executionId: string, inputId: string, fileName: string): string {
  return `osprey:///${inputFileKey(executionId, inputId, fileName)}`;
}

/** The parts of an input file's URI, or null when it is not one. */
export function parseInputFileUri(
  uri: string,
): { executionId: string; inputId: string; name: string; key: string } | null {
  const m = PREFIX.exec(uri);
  if (!m) return null;
  return { executionId: m[1], inputId: m[2], name: m[3], key: assertValidKey(uri.slice("osprey:///".length)) };
}

/** Stores one uploaded file for an execution's input; returns the URI the input's value becomes. */
export async function storeInputFile(
  storage: Storage,
  executionId: string,
  inputId: string,
  file: { name: string; stream: Readable },
): Promise<string> {
  await storage.put(inputFileKey(executionId, inputId, file.name), file.stream);
  return inputFileUri(executionId, inputId, file.name);
}

/** An input file's bytes by URI; only from `executionId` (a flow cannot read another execution's files). */
export async function openInputFile(
  storage: Storage,
  executionId: string,
  uri: string,
): Promise<{ name: string; size: number; stream: Readable }> {
  const parsed = parseInputFileUri(uri);
  if (!parsed) throw new AppError("BAD_REQUEST", `"${uri}" is not an input file URI`);
  if (parsed.executionId !== executionId)
    throw new AppError("NOT_FOUND", `file ${uri} does not belong to execution ${executionId}`);
  const { stream, size } = await storage.get(parsed.key);
  return { name: parsed.name, size, stream };
}

/** Copies another execution's input file into a new one (Run again with the same file); the caller checks that it may. */
export async function copyInputFile(
  storage: Storage,
  uri: string,
  toExecutionId: string,
  inputId: string,
): Promise<string> {
  const parsed = parseInputFileUri(uri);
  if (!parsed) throw new AppError("BAD_REQUEST", `"${uri}" is not an input file URI`);
  const { stream } = await storage.get(parsed.key);
  return storeInputFile(storage, toExecutionId, inputId, { name: parsed.name, stream });
}
