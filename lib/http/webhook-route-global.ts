import "server-only";
import { config } from "../config";
import { getDb } from "../db/db";
import { getExecutor } from "../executor/executor-global";
import { getTemplateRenderer } from "../template/template-global";
import { memoryWebhookLimiter, type WebhookLimiter } from "../triggers/webhook-limiter";
import { createWebhookHandler } from "./webhook-route";

// One count per server process, shared by both webhook paths and kept across hot reloads.
const globalForWebhooks = globalThis as unknown as { __ospreyWebhookLimiter?: WebhookLimiter };

/** The webhook handler wired to this server's database, executor and limiter. */
export function webhookRoute() {
  return createWebhookHandler(async () => {
    globalForWebhooks.__ospreyWebhookLimiter ??= memoryWebhookLimiter(config.OSPREY_WEBHOOK_PER_MINUTE);
    const [db, executor] = await Promise.all([getDb(), getExecutor()]);
    return { deps: { db, templates: getTemplateRenderer(), config }, limiter: globalForWebhooks.__ospreyWebhookLimiter, wake: () => executor.wake() };
  });
}
