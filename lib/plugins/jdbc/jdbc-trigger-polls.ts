import type { PluginContext, PluginFlows, PluginRun } from "../../plugin-kit/plugin-task";
import type { PluginPoll, PluginPolls, PluginTriggerContext } from "../../plugin-kit/plugin-trigger";
import { toBool } from "../../values/values";
import { JDBC_RUNNERS } from "./jdbc-runners";
import { JDBC_TRIGGERS, NONE_REFUSED } from "./jdbc-trigger-schemas";
import type { Props } from "./session";

// Kestra's AbstractJdbcTrigger.evaluate: it builds its family's Query and runs it (here the task's own
// run, so `afterSQL` shares its transaction), and starts an execution only when it counted a row or more.

function pollOf(query: PluginRun): PluginPoll {
  return async (ctx, props) => {
    const { outputs } = await query(queryContext(ctx), { ...props, fetchType: triggerFetchType(props) });
    const size = Number(outputs.size ?? 0);
    ctx.log(`Found '${size}' rows from '${String(props.sql)}'`, "DEBUG");
    // The Query's outputs as Kestra's trigger variables: `row` always, `rows`, `uri`, `size` by fetchType.
    return size > 0 ? { variables: outputs } : null;
  };
}

/** Kestra's renderFetchType for triggers: the deprecated flags first, else `fetchType` (FETCH), never NONE. */
function triggerFetchType(props: Props): unknown {
  const flagged = ["fetch", "fetchOne", "store"].some((flag) => toBool(props[flag], flag, false));
  const value = props.fetchType === undefined || props.fetchType === null ? "FETCH" : props.fetchType;
  if (!flagged && String(value).trim().toUpperCase() === "NONE") throw new Error(NONE_REFUSED);
  return value;
}

/**
 * The task port the family's query code takes, from a trigger's: what a trigger has no use for
 * refuses with why (it runs before any execution, so there is no stored file for it to read).
 */
function queryContext(ctx: PluginTriggerContext): PluginContext {
  const refused = (what: string) => () =>
    Promise.reject(new Error(`${what}: a trigger runs before any execution exists, so it cannot do this`));
  const noStoredFile = (uri: string) =>
    Promise.reject(
      new Error(
        `"${uri}": a trigger cannot read stored files (it runs before any execution exists); give sqliteFile, databaseUri or inputFiles as text or a database URL instead`,
      ),
    );
  const flows: PluginFlows = {
    list: refused("listing flows"),
    validate: refused("validating a flow"),
    save: refused("saving a flow"),
    delete: refused("deleting a flow"),
  };
  return {
    log: ctx.log,
    signal: ctx.signal,
    execution: { id: "", namespace: ctx.flow.namespace, flowId: ctx.flow.id },
    taskId: ctx.triggerId,
    post: refused("posting"),
    executionFacts: async () => null,
    openFile: noStoredFile,
    readFile: noStoredFile,
    putFile: ctx.putFile,
    allowHostFiles: ctx.allowHostFiles,
    connectTo: ctx.connectTo,
    flows,
    namespaceFiles: refused("reading namespace files"),
  };
}

export const JDBC_POLLS: PluginPolls = Object.fromEntries(
  JDBC_TRIGGERS.map(({ schema, family }) => [
    schema.type,
    pollOf(JDBC_RUNNERS[`io.kestra.plugin.jdbc.${family}.Query`]),
  ]),
);
