import type { PluginPoll, PluginPolls } from "../plugin-kit/plugin-trigger";
import { AWS_POLLS } from "./aws/s3-trigger-poll";
import { JDBC_POLLS } from "./jdbc/jdbc-trigger-polls";

/** The poll code of every plugin trigger type, server-side; the schemas are in trigger-schemas.ts. */
const PLUGIN_POLLS: PluginPolls = {
  ...JDBC_POLLS,
  ...AWS_POLLS,
};

export function pluginPoll(type: string): PluginPoll | undefined {
  return Object.hasOwn(PLUGIN_POLLS, type) ? PLUGIN_POLLS[type] : undefined;
}
