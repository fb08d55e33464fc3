import { pageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/roles";
import { TaskTypesManager } from "@/components/task-types/TaskTypesManager";

export const dynamic = "force-dynamic";

export default async function TaskTypesPage() {
  const actor = await pageActor("/task-types");
  return <TaskTypesManager canWrite={can(actor.role, "taskType:write")} />;
}
