import type { PluginContext } from "../../plugin-kit/plugin-task";

export interface AttachmentRef {
  name: string;
  uri: string;
  contentType: string;
}

export interface LoadedAttachment extends AttachmentRef {
  content: Buffer;
}

const DEFAULT_TYPE = "application/octet-stream";

/**
 * `attachments` or `embeddedImages` as Kestra's MailSend reads them: a list of {name, uri,
 * contentType}, or that list (or one such object) as JSON text, the way
 * `{{ inputs.files | toJson }}` renders; a JSON string holding that JSON is unwrapped once.
 */
export function attachmentList(value: unknown, property: string): AttachmentRef[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((item, i) => attachmentRef(item, `${property}[${i}]`));
  if (typeof value === "object") return [attachmentRef(value, property)];
  if (typeof value !== "string") throw new Error(`${property} must be a list or its JSON text`);
  const text = value.trim();
  if (text === "") return [];
  const parsed = parseJson(text, property);
  if (typeof parsed === "string")
    return parsed.trim() === "" ? [] : attachmentList(parseJson(parsed, property), property);
  return attachmentList(parsed, property);
}

function attachmentRef(item: unknown, where: string): AttachmentRef {
  if (typeof item !== "object" || item === null || Array.isArray(item))
    throw new Error(`${where} must be an object with name and uri`);
  const { name, uri, contentType } = item as Record<string, unknown>;
  const text = (v: unknown) => (v === undefined || v === null ? "" : String(v).trim());
  if (text(name) === "") throw new Error(`${where}.name is required`);
  if (text(uri) === "") throw new Error(`${where}.uri is required`);
  return { name: text(name), uri: text(uri), contentType: text(contentType) || DEFAULT_TYPE };
}

function parseJson(text: string, property: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${property} is neither a list nor valid JSON: ${(err as Error).message}`);
  }
}

/** Reads each file from internal storage through the port (so its reach and size limits apply). */
export async function loadAttachments(ctx: PluginContext, refs: AttachmentRef[], property: string) {
  const loaded: LoadedAttachment[] = [];
  for (const ref of refs) {
    try {
      loaded.push({ ...ref, content: (await ctx.readFile(ref.uri)).content });
    } catch (err) {
      throw new Error(`${property} "${ref.name}": ${(err as Error).message}`);
    }
  }
  return loaded;
}
