import { NamespaceFilesLoader } from "@/components/namespaces/NamespaceFilesLoader";
import { namespaceContext } from "../namespace-context";

export const dynamic = "force-dynamic";

/** The Files tab: the namespace's files (read-only below the editor role; the API checks each change). */
export default async function NamespaceFilesPage({ params }: { params: Promise<{ namespace: string }> }) {
  const { namespace, rights } = await namespaceContext(params, "files");
  if (!rights.read) return null;
  return <NamespaceFilesLoader namespace={namespace} canEdit={rights.write} />;
}
