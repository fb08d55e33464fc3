import { notFound } from "next/navigation";
import { pageActor } from "@/lib/auth/page-actor";
import { getDb } from "@/lib/db/db";
import { AppError } from "@/lib/errors/app-error";
import { getExample } from "@/lib/examples/example-catalog";
import { writableNamespaces } from "@/lib/examples/writable-namespaces";
import { getStorage } from "@/lib/storage/storage-global";
import { ExampleView } from "@/components/examples/ExampleView";

export const dynamic = "force-dynamic";

/** One example: its YAML and graph, and "Use" into a namespace the viewer may write. */
export default async function ExamplePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await pageActor(`/examples/${encodeURIComponent(id)}`);
  let example: ReturnType<typeof getExample>;
  try {
    example = getExample(id);
  } catch (err) {
    if (AppError.is(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
  const writable = await writableNamespaces(await getDb(), getStorage(), actor);
  return <ExampleView example={example} writable={writable} />;
}
