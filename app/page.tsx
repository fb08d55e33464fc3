import { pageActor } from "@/lib/auth/page-actor";
import { Dashboard } from "@/components/dashboard/Dashboard";

export const dynamic = "force-dynamic";

/** Home: the dashboard (its figures come from GET /api/v1/stats/dashboard, scoped to the viewer's namespaces). */
export default async function Home() {
  await pageActor("/");
  return <Dashboard />;
}
