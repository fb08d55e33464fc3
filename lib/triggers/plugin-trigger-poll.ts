import { listOf } from "../config";
import { checkedAgents } from "../http-client/checked-agents";
import { hostConnector } from "../http-client/connect-to";
import type { LogLevel } from "../plugin-kit/plugin-task";
import type { PluginTriggerContext } from "../plugin-kit/plugin-trigger";
import { PLUGIN_TRIGGER_SCHEMAS } from "../plugins/trigger-schemas";
import { pluginPoll } from "../plugins/trigger-runners";
import type { PollStep } from "./poll-types";

/** Lines a plugin logs at these levels stay out of the server's log (a poll runs every interval). */
const QUIET: readonly LogLevel[] = ["TRACE", "DEBUG"];

/**
 * A plugin trigger's own part of a poll (lib/plugins/trigger-runners.ts): its own properties, rendered,
 * go to the family's poll through the port, which answers with `trigger.*` or null.
 */
export const pollPlugin: PollStep = async (run) => {
  const { type } = run.trigger;
  const poll = pluginPoll(type);
  const schema = PLUGIN_TRIGGER_SCHEMAS.find((s) => s.type === type);
  if (!poll || !schema) throw new Error(`no poll for trigger type ${type}`);
  const own: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) if (run.trigger[key] !== undefined) own[key] = run.trigger[key];
  const allowance = {
    allowPrivate: run.config.OSPREY_HTTP_ALLOW_PRIVATE,
    allowedNetworks: listOf(run.config.OSPREY_HTTP_ALLOWED_NETWORKS),
  };
  const ctx: PluginTriggerContext = {
    log: (message, level = "INFO") => {
      if (!QUIET.includes(level)) run.log(`${level} ${message}`);
    },
    signal: run.signal,
    flow: run.flow,
    triggerId: run.trigger.id,
    putFile: (name, content) => run.files.put(name, content),
    allowHostFiles: run.config.OSPREY_ALLOW_SQL_HOST_FILES,
    // The same rules as a task's connections, from the admin's settings at this poll.
    httpAgents: () => checkedAgents(allowance),
    connectTo: hostConnector(run.config, allowance),
  };
  return poll(ctx, await run.render(own));
};
