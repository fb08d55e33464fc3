import { z } from "zod";
import type { PluginTriggerSchema } from "../../plugin-kit/plugin-trigger";
import { ZExpression } from "../../plugin-kit/props";
import { JDBC_FAMILIES, JDBC_LABELS, JDBC_QUERY_SHAPES, type JdbcFamily } from "./jdbc-schemas";

// Kestra's JDBC `Trigger` of each family (AbstractJdbcTrigger): every `interval` it runs its family's
// Query, `afterSQL` included, and starts an execution when the query returns at least one row. Client-safe.

export const NONE_REFUSED =
  "fetchType NONE is not valid for triggers — the trigger would never fire. Use FETCH, FETCH_ONE, or STORE.";

/** Kestra's trigger default is FETCH, and NONE is refused (AbstractJdbcTrigger.isFetchTypeValid). */
const ZTriggerFetchType = z
  .union([z.enum(["FETCH_ONE", "FETCH", "STORE", "NONE"]), ZExpression])
  .refine((v) => v !== "NONE", NONE_REFUSED)
  .default("FETCH")
  .describe(
    "FETCH (default): all rows as `{{ trigger.rows }}`. FETCH_ONE: the first row as `{{ trigger.row }}`. STORE: the rows in an Ion file, `{{ trigger.uri }}`. `{{ trigger.size }}` counts them. NONE is refused: the trigger would never fire.",
  );

/** The Query's properties a Trigger does not have (Kestra's trigger builds its Query without them). */
const NOT_ON_TRIGGER: Record<JdbcFamily, readonly string[]> = {
  postgresql: ["outputFiles"],
  mysql: ["outputFiles", "inputFile"],
  mariadb: ["outputFiles", "inputFile"],
  sqlite: ["outputFiles"],
  duckdb: [],
};

function triggerShape(family: JdbcFamily): z.ZodRawShape {
  const query = Object.entries(JDBC_QUERY_SHAPES[family]).filter(([key]) => !NOT_ON_TRIGGER[family].includes(key));
  return { ...Object.fromEntries(query), fetchType: ZTriggerFetchType };
}

export interface JdbcTrigger {
  schema: PluginTriggerSchema;
  family: JdbcFamily;
}

export const JDBC_TRIGGERS: readonly JdbcTrigger[] = JDBC_FAMILIES.map((family) => ({
  family,
  schema: {
    type: `io.kestra.plugin.jdbc.${family}.Trigger`,
    aliases: [],
    title: `Wait for query results on ${JDBC_LABELS[family]}`,
    description: `Runs a SQL query on ${JDBC_LABELS[family]} every \`interval\` (default 60 seconds), \`afterSQL\` in the same transaction, and starts the flow when it returns one row or more: \`trigger.rows\`, \`trigger.row\` or \`trigger.uri\` by \`fetchType\`, and \`trigger.size\`.`,
    shape: triggerShape(family),
    interval: "PT60S",
  },
}));

export const JDBC_TRIGGER_SCHEMAS: PluginTriggerSchema[] = JDBC_TRIGGERS.map((t) => t.schema);
