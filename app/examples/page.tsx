import { pageActor } from "@/lib/auth/page-actor";
import { listExamples } from "@/lib/examples/example-catalog";
import { ExamplesGallery } from "@/components/examples/ExamplesGallery";

export const dynamic = "force-dynamic";

/** The examples gallery; `?q=` and `?tag=` are its filters. */
export default async function ExamplesPage({ searchParams }: { searchParams: Promise<{ q?: string; tag?: string }> }) {
  await pageActor("/examples");
  const { q, tag } = await searchParams;
  const { results, tags } = listExamples({});
  return <ExamplesGallery examples={results} tags={tags} initialQuery={q ?? ""} initialTag={tag ?? ""} />;
}
