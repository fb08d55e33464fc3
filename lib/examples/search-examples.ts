import { z } from "zod";
import type { TExample } from "./example-file";

/** `GET /api/v1/examples` filters: `q` (words found in the id, title, description or tags) and `tag`. */
export const ZExampleSearch = z.object({
  q: z.string().max(200).optional(),
  tag: z.string().max(100).optional(),
});
export type TExampleSearch = z.infer<typeof ZExampleSearch>;

/** What a list shows of an example: everything but the YAML. */
export type TExampleSummary = Omit<TExample, "source">;

const sameTag = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Whether an example holds every word of `q` (in its id, title, description or tags) and carries `tag`; case-insensitive. */
export function matchesExample(example: TExampleSummary, search: TExampleSearch): boolean {
  if (search.tag && !example.tags.some((t) => sameTag(t, search.tag!))) return false;
  const text = [example.id, example.title, example.description, ...example.tags].join(" ").toLowerCase();
  return (search.q ?? "")
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}

/** The matching examples, in the given order, without their YAML. */
export function searchExamples(examples: readonly TExample[], search: TExampleSearch): TExampleSummary[] {
  return examples.filter((e) => matchesExample(e, search)).map(({ source: _source, ...summary }) => summary);
}

/** Every tag in use, with how many examples carry it, most used first. */
export function tagsOf(examples: readonly Pick<TExample, "tags">[]): { tag: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const e of examples) for (const t of e.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}
