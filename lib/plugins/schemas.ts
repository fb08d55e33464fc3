import type { PluginTaskSchema } from "../plugin-kit/plugin-task";
import { AWS_SCHEMAS } from "./aws/aws-schemas";
import { COMPRESS_SCHEMAS } from "./compress/compress-schemas";
import { JDBC_SCHEMAS } from "./jdbc/jdbc-schemas";
import { GIT_SCHEMAS } from "./git/git-schemas";
import { MAIL_SCHEMAS } from "./mail/mail-schemas";
import { NOTIFICATION_SCHEMAS } from "./notifications/notification-schemas";
import { SERDES_SCHEMAS } from "./serdes/serdes-schemas";

/**
 * The schemas of every plugin family, for the flow model and the editor (client-safe). A family adds
 * its list here and its runners in runners.ts; registry.test.ts checks the two agree.
 */
export const PLUGIN_SCHEMAS: readonly PluginTaskSchema[] = [
  ...NOTIFICATION_SCHEMAS,
  ...AWS_SCHEMAS,
  ...MAIL_SCHEMAS,
  ...SERDES_SCHEMAS,
  ...COMPRESS_SCHEMAS,
  ...JDBC_SCHEMAS,
  ...GIT_SCHEMAS,
];

/** Old name → type, from every family's aliases. */
export const PLUGIN_ALIASES: Readonly<Record<string, string>> = Object.fromEntries(
  PLUGIN_SCHEMAS.flatMap((s) => s.aliases.map((alias) => [alias, s.type])),
);
