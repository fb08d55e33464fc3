import type { PluginTriggerSchema } from "../plugin-kit/plugin-trigger";
import { AWS_TRIGGER_SCHEMAS } from "./aws/s3-trigger-schemas";
import { JDBC_TRIGGER_SCHEMAS } from "./jdbc/jdbc-trigger-schemas";

/**
 * The polling trigger schemas of every plugin family, for the flow model and the editor (client-safe).
 * A family adds its list here and its polls in trigger-runners.ts; trigger-registry.test.ts checks
 * the two agree.
 */
export const PLUGIN_TRIGGER_SCHEMAS: readonly PluginTriggerSchema[] = [...JDBC_TRIGGER_SCHEMAS, ...AWS_TRIGGER_SCHEMAS];

/** Old name → type, from every family's trigger aliases. */
export const PLUGIN_TRIGGER_ALIASES: Readonly<Record<string, string>> = Object.fromEntries(
  PLUGIN_TRIGGER_SCHEMAS.flatMap((s) => s.aliases.map((alias) => [alias, s.type])),
);
