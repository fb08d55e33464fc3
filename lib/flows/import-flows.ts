import { unzipSync } from "fflate";
import { parseAllDocuments } from "yaml";
import type { Problem } from "../errors/app-error";
import { AppError } from "../errors/app-error";
import type { Db } from "../db/create-client";
import { MAX_FLOW_SOURCE_BYTES, parseFlow } from "../flow/parse-flow";
import { saveFlow } from "./save-flow";

/** Most flows one import may hold, and most bytes they may unpack to. */
export const MAX_IMPORTED_FLOWS = 1_000;
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export interface ImportedSource {
  /** Where it came from: the file in the ZIP, or `document N` of a multi-document YAML. */
  file: string;
  source: string;
}

export interface ImportResult {
  file: string;
  namespace?: string;
  id?: string;
  revision?: number;
  problems?: Problem[];
}

/**
 * The flows of an upload: a ZIP of YAML files (read in memory, every entry's declared size checked
 * before it is inflated) or one YAML text of one or more documents (`---`), each kept as written.
 */
export function importedSources(body: Uint8Array): ImportedSource[] {
  const isZip = body[0] === 0x50 && body[1] === 0x4b;
  return isZip ? zipSources(body) : yamlSources(Buffer.from(body).toString("utf8"));
}

function zipSources(body: Uint8Array): ImportedSource[] {
  let total = 0;
  let count = 0;
  const files = unzipSync(body, {
    filter: (file) => {
      if (!/\.ya?ml$/i.test(file.name) || file.name.endsWith("/")) return false;
      count++;
      total += file.originalSize;
      if (count > MAX_IMPORTED_FLOWS)
        throw new AppError("PAYLOAD_TOO_LARGE", `an import may hold at most ${MAX_IMPORTED_FLOWS} flows`);
      if (file.originalSize > MAX_FLOW_SOURCE_BYTES || total > MAX_IMPORT_BYTES) {
        throw new AppError(
          "PAYLOAD_TOO_LARGE",
          `${file.name} makes the import larger than allowed (a flow at most ${MAX_FLOW_SOURCE_BYTES} bytes, all at most ${MAX_IMPORT_BYTES})`,
        );
      }
      return true;
    },
  });
  return Object.keys(files)
    .sort()
    .map((file) => ({ file, source: Buffer.from(files[file]).toString("utf8") }));
}

function yamlSources(text: string): ImportedSource[] {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.length > MAX_IMPORTED_FLOWS)
    throw new AppError("PAYLOAD_TOO_LARGE", `an import may hold at most ${MAX_IMPORTED_FLOWS} flows`);
  // Each document's own text, as written (comments and all), from its place in the upload.
  return list
    .map((doc, i) => ({
      file: `document ${i + 1}`,
      source: text.slice(doc.range[0], doc.range[2]).replace(/^---[^\n]*\n/, ""),
    }))
    .filter((d) => d.source.trim() !== "");
}

/**
 * Saves each flow of an import (a new revision when it exists) or reports why not, with lines and
 * columns. Each flow is saved whole or not at all; one refused does not stop the others.
 * `mayWrite` says whether the importer may write in a namespace.
 */
export async function importFlows(
  db: Db,
  sources: ImportedSource[],
  by: string,
  mayWrite: (namespace: string) => boolean,
): Promise<{ imported: number; total: number; results: ImportResult[] }> {
  const results: ImportResult[] = [];
  for (const { file, source } of sources) {
    const parsed = parseFlow(source);
    if (!parsed.ok) {
      results.push({ file, problems: parsed.problems });
      continue;
    }
    const { namespace, id } = parsed.flow;
    if (!mayWrite(namespace)) {
      results.push({
        file,
        namespace,
        id,
        problems: [{ message: `you cannot write flows in namespace ${namespace}` }],
      });
      continue;
    }
    const exists = await db.flow.findUnique({
      where: { namespace_flowId: { namespace, flowId: id } },
      select: { deleted: true },
    });
    const mode = exists && !exists.deleted ? ({ create: false, namespace, id } as const) : ({ create: true } as const);
    try {
      const saved = await saveFlow(db, source, mode, by);
      results.push({ file, namespace, id, revision: saved.revision });
    } catch (err) {
      // Refused on save (past the server's caps, such as OSPREY_MAX_LABELS): this flow only.
      if (!AppError.is(err) || err.code !== "INVALID_FLOW") throw err;
      results.push({ file, namespace, id, problems: err.problems });
    }
  }
  return { imported: results.filter((r) => !r.problems).length, total: results.length, results };
}
