import { pageActor } from "@/lib/auth/page-actor";
import { FlowImport } from "@/components/flows/FlowImport";

export const dynamic = "force-dynamic";

/** Move a team's Kestra flows here in one step. */
export default async function ImportPage() {
  await pageActor("/flows/import");
  return (
    <div className="mx-auto max-w-4xl p-6">
      <h1 className="mb-1 text-xl font-semibold">Import flows</h1>
      <p className="mb-4 text-sm text-slate-500">
        Each flow is saved (a new revision when it exists) or refused with its problems; one refused does not stop the
        others.
      </p>
      <FlowImport />
    </div>
  );
}
