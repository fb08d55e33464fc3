import { isMap, isScalar, parseDocument } from "yaml";
import { z } from "zod";
import { ZState } from "../states/states";

/**
 * An example's header: Kestra's blueprint `extend:` block (title, description, tags), plus Osprey's
 * `expectedState` for an example that demonstrates a failure or a warning (its test expects it).
 */
export const ZExampleHeader = z
  .object({
    title: z.string().min(1),
    description: z.string().min(1),
    tags: z.array(z.string().min(1)).min(1),
    expectedState: ZState.optional(),
  })
  // Kestra's blueprints carry more (`ee`, `demo`, `meta_description`): read and ignored.
  .passthrough();

/** The file name (without `.yaml`) is the example's id: lower case words joined by hyphens. */
export const ZExampleId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "an example id is lower-case words joined by -");

export const ZExample = z.object({
  id: ZExampleId,
  title: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  expectedState: ZState.optional(),
  /** The flow as a user gets it: the file without its `extend:` block, byte for byte otherwise. */
  source: z.string(),
});
export type TExample = z.infer<typeof ZExample>;

/**
 * Reads an example file: its `extend:` header and the flow around it. The header is cut out of the
 * text by its position (not re-serialised), so the flow keeps its comments and layout.
 */
export function readExampleFile(id: string, text: string): TExample {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Error(`example ${id}: ${doc.errors[0].message}`);
  if (!isMap(doc.contents)) throw new Error(`example ${id}: not a YAML map`);
  const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === "extend");
  if (!pair || !isScalar(pair.key) || !pair.value) throw new Error(`example ${id}: no extend: header`);
  const parsed = ZExampleHeader.safeParse((pair.value as { toJSON(): unknown }).toJSON());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`example ${id}: extend.${issue.path.join(".")}: ${issue.message}`);
  }
  const start = pair.key.range?.[0] ?? 0;
  const end = (pair.value as { range?: [number, number, number] }).range?.[2] ?? text.length;
  const source = `${`${text.slice(0, start)}${text.slice(end)}`.trimEnd()}\n`;
  const { title, description, tags, expectedState } = parsed.data;
  return ZExample.parse({ id, title, description, tags, expectedState, source });
}
