import { webhookRoute } from "@/lib/http/webhook-route-global";

export const dynamic = "force-dynamic";

// Kestra's webhook: public, the key in the URL is the credential (see lib/triggers/webhook-start.ts).
const handler = webhookRoute();

export { handler as GET, handler as POST, handler as PUT };
