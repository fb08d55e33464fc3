import type { PluginRun, PluginRunners } from "../plugin-kit/plugin-task";
import { AWS_RUNNERS } from "./aws/aws-runners";
import { COMPRESS_RUNNERS } from "./compress/compress-runners";
import { JDBC_RUNNERS } from "./jdbc/jdbc-runners";
import { GIT_RUNNERS } from "./git/git-runners";
import { MAIL_RUNNERS } from "./mail/mail-runners";
import { NOTIFICATION_RUNNERS } from "./notifications/notification-runners";
import { SERDES_RUNNERS } from "./serdes/serdes-runners";

/** The run code of every plugin type, server-side; the schemas are in schemas.ts. */
const PLUGIN_RUNNERS: PluginRunners = {
  ...NOTIFICATION_RUNNERS,
  ...AWS_RUNNERS,
  ...MAIL_RUNNERS,
  ...SERDES_RUNNERS,
  ...COMPRESS_RUNNERS,
  ...JDBC_RUNNERS,
  ...GIT_RUNNERS,
};

export function pluginRunner(type: string): PluginRun | undefined {
  return Object.hasOwn(PLUGIN_RUNNERS, type) ? PLUGIN_RUNNERS[type] : undefined;
}
