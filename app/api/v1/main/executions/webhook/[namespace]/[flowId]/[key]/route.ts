import { webhookRoute } from "@/lib/http/webhook-route-global";

export const dynamic = "force-dynamic";

// Kestra's newer path (with its tenant, `main`): the same webhook.
const handler = webhookRoute();

export { handler as GET, handler as POST, handler as PUT };
