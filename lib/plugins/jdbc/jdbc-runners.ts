import type { PluginRun, PluginRunners } from "../../plugin-kit/plugin-task";
import { duckdbDialect } from "./duckdb";
import { runQueries, runQuery } from "./jdbc-run";
import { JDBC_TASKS, type JdbcFamily } from "./jdbc-schemas";
import { mariadbDialect, mysqlDialect } from "./mysql";
import { postgresDialect } from "./postgres";
import { runCopyIn, runCopyOut } from "./postgres-copy";
import type { Dialect } from "./session";
import { sqliteDialect } from "./sqlite";

const DIALECTS: Record<JdbcFamily, Dialect> = {
  postgresql: postgresDialect,
  mysql: mysqlDialect,
  mariadb: mariadbDialect,
  sqlite: sqliteDialect,
  duckdb: duckdbDialect,
};

export const JDBC_RUNNERS: PluginRunners = {
  ...Object.fromEntries(
    JDBC_TASKS.map(({ schema, family, kind }): [string, PluginRun] => {
      const dialect = DIALECTS[family];
      return [schema.type, (ctx, props) => (kind === "Query" ? runQuery : runQueries)(dialect, ctx, props)];
    }),
  ),
  "io.kestra.plugin.jdbc.postgresql.CopyIn": runCopyIn,
  "io.kestra.plugin.jdbc.postgresql.CopyOut": runCopyOut,
};
