import "server-only";
import { config } from "../config";
import { getDb } from "../db/db";
import { getExecutor } from "../server/executor-global";
import { DbRateLimiter } from "../rate-limit/db-rate-limiter";
import { getTemplateRenderer } from "../template/template-global";
import { createWebhookHandler } from "./webhook-route";

/** The webhook handler wired to this server's database, executor and limiters (in the database: one count for every server). */
export function webhookRoute() {
  return createWebhookHandler(async () => {
    const [db, executor] = await Promise.all([getDb(), getExecutor()]);
    const limiter = new DbRateLimiter(db, "webhook", config.OSPREY_WEBHOOK_PER_MINUTE, 60_000);
    const failedLimiter = new DbRateLimiter(db, "webhook-failed", config.OSPREY_WEBHOOK_FAILED_PER_MINUTE, 60_000);
    return {
      deps: { db, templates: getTemplateRenderer(), config },
      limiter,
      failedLimiter,
      wake: () => executor.wake(),
    };
  });
}
