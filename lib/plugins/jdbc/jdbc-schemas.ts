import { z } from "zod";
import type { PluginTaskSchema } from "../../plugin-kit/plugin-task";
import { ZBool, ZExpression, ZNumber, ZStringList, ZStringMap } from "../../plugin-kit/props";

// Kestra's SQL tasks (plugin-jdbc): `Query` (one statement) and `Queries` (several) for PostgreSQL,
// MySQL, MariaDB, SQLite and DuckDB, with the properties of AbstractJdbcBaseQuery, the database's
// connection interface and its own class. Client-safe: no driver here.

/** The families, by Kestra's package. */
export const JDBC_FAMILIES = ["postgresql", "mysql", "mariadb", "sqlite", "duckdb"] as const;
export type JdbcFamily = (typeof JDBC_FAMILIES)[number];

/** Each family's name as its docs write it. */
export const JDBC_LABELS: Record<JdbcFamily, string> = {
  postgresql: "PostgreSQL",
  mysql: "MySQL",
  mariadb: "MariaDB",
  sqlite: "SQLite",
  duckdb: "DuckDB",
};

const ZFetchType = z
  .union([z.enum(["FETCH_ONE", "FETCH", "STORE", "NONE"]), ZExpression])
  .describe(
    "FETCH_ONE: the first row as `row`. FETCH: all rows as `rows`. STORE: all rows to an Ion file, `uri`. NONE (default): no rows. `size` counts them.",
  );

const base = (url: z.ZodTypeAny) => ({
  url,
  username: z.string().optional().describe("The database user."),
  password: z.string().optional().describe("The user's password; keep it in a secret."),
  sql: z.string().min(1).describe("The SQL to run; `:name` placeholders take the values of `parameters`."),
  parameters: ZStringMap.optional().describe("Values bound to the SQL's `:name` placeholders."),
  fetchType: ZFetchType.optional(),
  fetchSize: ZNumber.optional().describe("Rows read per round trip while streaming (STORE). Default 10000."),
  afterSQL: z
    .string()
    .optional()
    .describe("One statement run after `sql` in the same transaction (Query), e.g. to mark rows as read."),
  timeZoneId: z.string().optional().describe("The zone dates and times are read in. Default: the server's."),
  connectionPooling: ZBool.optional().describe("Accepted for Kestra's flows; each task run opens its own connection."),
  connectionPoolSize: ZNumber.optional().describe("Accepted for Kestra's flows; no pool is kept."),
  outputFiles: z
    .union([ZStringList, ZExpression])
    .optional()
    .describe("Kestra's embedded databases only: files the SQL writes (`{{ outputFiles.name }}`). Not supported yet."),
  fetch: z.boolean().optional().describe("Deprecated: `fetchType: FETCH`."),
  fetchOne: z.boolean().optional().describe("Deprecated: `fetchType: FETCH_ONE`."),
  store: z.boolean().optional().describe("Deprecated: `fetchType: STORE`."),
});

const serverUrl = (example: string) =>
  z.string().min(1).describe(`The JDBC URL, e.g. \`${example}\`; user and password may be given here too.`);

const inputFile = {
  inputFile: z
    .string()
    .optional()
    .describe("A file for LOAD DATA LOCAL INFILE (`{{ inputFile }}` in the SQL). Not supported yet."),
};

/** The own properties of each family's Query (its Trigger runs a Query: jdbc-trigger-schemas.ts). */
export const JDBC_QUERY_SHAPES: Record<JdbcFamily, z.ZodRawShape> = {
  postgresql: {
    ...base(serverUrl("jdbc:postgresql://db.example.com:5432/app")),
    ssl: ZBool.optional().describe("Connect with TLS (verifying the server unless `sslMode` says otherwise)."),
    sslMode: z
      .union([z.enum(["DISABLE", "ALLOW", "PREFER", "REQUIRE", "VERIFY_CA", "VERIFY_FULL"]), ZExpression])
      .optional(),
    sslRootCert: z.string().optional().describe("The CA certificate the server's must chain to (PEM)."),
    sslCert: z.string().optional().describe("The client certificate (PEM)."),
    sslKey: z.string().optional().describe("The client key (PEM)."),
    sslKeyPassword: z.string().optional().describe("The client key's password."),
  },
  mysql: { ...base(serverUrl("jdbc:mysql://db.example.com:3306/app")), ...inputFile },
  mariadb: { ...base(serverUrl("jdbc:mariadb://db.example.com:3306/app")), ...inputFile },
  sqlite: {
    ...base(
      z
        .string()
        .optional()
        .describe(
          "`jdbc:sqlite:/path/file.db`, or a name in the task's own directory; `jdbc:sqlite:` (default) is in memory.",
        ),
    ),
    sqliteFile: z.string().optional().describe("A stored SQLite file (a URI) to open instead of the URL's."),
    outputDbFile: ZBool.optional().describe("Store the database file after the run, as `databaseUri`."),
  },
  duckdb: {
    ...base(
      z
        .string()
        .optional()
        .describe("`jdbc:duckdb:/path/file.db` (absolute), `jdbc:duckdb:md:…`, or `jdbc:duckdb:` (default) in memory."),
    ),
    inputFiles: z
      .union([z.record(z.string(), z.string()), z.string()])
      .optional()
      .describe("Files written to the task's directory, which the SQL reads by name: name → text or a file URI."),
    databaseUri: z.string().optional().describe("A stored DuckDB database file (a URI) to open."),
    outputDbFile: ZBool.optional().describe("Store the database file after the run, as `databaseUri`."),
    communityExtensions: z
      .union([ZStringList, ZExpression])
      .optional()
      .describe("Community extensions to install and load. Default `[ion]` (loaded when DuckDB has it)."),
  },
};

const queriesOnly = {
  transaction: ZBool.optional().describe(
    "Run the statements in one transaction, rolled back if one fails. Default true.",
  ),
};

export interface JdbcTask {
  schema: PluginTaskSchema;
  family: JdbcFamily;
  kind: "Query" | "Queries";
}

export const JDBC_TASKS: readonly JdbcTask[] = JDBC_FAMILIES.flatMap((family): JdbcTask[] => [
  {
    family,
    kind: "Query",
    schema: {
      type: `io.kestra.plugin.jdbc.${family}.Query`,
      aliases: [],
      title: `${JDBC_LABELS[family]} query`,
      description: `Runs one SQL statement on ${JDBC_LABELS[family]}. Outputs by \`fetchType\`: \`row\`, \`rows\`, \`uri\` (an Ion file) and \`size\`.`,
      shape: JDBC_QUERY_SHAPES[family],
    },
  },
  {
    family,
    kind: "Queries",
    schema: {
      type: `io.kestra.plugin.jdbc.${family}.Queries`,
      aliases: [],
      title: `${JDBC_LABELS[family]} queries`,
      description: `Runs several SQL statements on ${JDBC_LABELS[family]}, in one transaction by default. Outputs \`outputs\`: one entry per result set.`,
      shape: { ...JDBC_QUERY_SHAPES[family], ...queriesOnly },
    },
  },
]);

const pgConnection = {
  url: serverUrl("jdbc:postgresql://db.example.com:5432/app"),
  username: z.string().optional().describe("The database user."),
  password: z.string().optional().describe("The user's password; keep it in a secret."),
  ssl: ZBool.optional(),
  sslMode: z
    .union([z.enum(["DISABLE", "ALLOW", "PREFER", "REQUIRE", "VERIFY_CA", "VERIFY_FULL"]), ZExpression])
    .optional(),
  sslRootCert: z.string().optional(),
  sslCert: z.string().optional(),
  sslKey: z.string().optional(),
  sslKeyPassword: z.string().optional(),
};

/** Kestra's AbstractCopy: the COPY statement's target and options. */
const copyShape = {
  ...pgConnection,
  table: z.string().optional().describe("The table (optionally schema-qualified)."),
  columns: z.union([ZStringList, ZExpression]).optional().describe("The columns to copy. Default: all."),
  format: z
    .union([z.enum(["TEXT", "CSV", "BINARY"]), ZExpression])
    .optional()
    .describe("Default TEXT."),
  oids: ZBool.optional(),
  freeze: ZBool.optional(),
  delimiter: z.string().optional().describe("The column separator (TEXT: tab, CSV: comma by default)."),
  nullString: z.string().optional().describe("The text of a NULL."),
  header: ZBool.optional().describe("The file has (or gets) a header line (CSV)."),
  quote: z.string().optional(),
  escape: z.string().optional(),
  forceQuote: z.union([ZStringList, ZExpression]).optional(),
  forceNotNull: z.union([ZStringList, ZExpression]).optional(),
  forceNull: z.union([ZStringList, ZExpression]).optional(),
  encoding: z.string().optional(),
  socketTimeout: ZNumber.optional().describe("Accepted for Kestra's flows; a task's `timeout` bounds the run."),
};

/** PostgreSQL's COPY: `CopyIn` (a file into a table), `CopyOut` (a table or a query into a file). */
export const COPY_SCHEMAS: PluginTaskSchema[] = [
  {
    type: "io.kestra.plugin.jdbc.postgresql.CopyIn",
    aliases: [],
    title: "PostgreSQL COPY FROM",
    description: "Loads a stored file into a table with COPY … FROM STDIN, streamed. Outputs `rowCount`.",
    shape: { ...copyShape, from: z.string().min(1).describe("The file to load (a URI).") },
  },
  {
    type: "io.kestra.plugin.jdbc.postgresql.CopyOut",
    aliases: [],
    title: "PostgreSQL COPY TO",
    description:
      "Writes a table, or the rows of `sql`, to a file with COPY … TO STDOUT, streamed. Outputs `uri`, `rowCount`.",
    shape: {
      ...copyShape,
      sql: z
        .string()
        .optional()
        .describe("A SELECT, VALUES, or INSERT/UPDATE/DELETE … RETURNING whose rows are copied."),
    },
  },
];

export const JDBC_SCHEMAS: PluginTaskSchema[] = [...JDBC_TASKS.map((t) => t.schema), ...COPY_SCHEMAS];
