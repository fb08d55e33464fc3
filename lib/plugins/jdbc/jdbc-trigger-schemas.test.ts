import { describe, expect, it } from "vitest";
import { flowJsonSchema } from "../../flow/json-schema";
import { parseFlow } from "../../flow/parse-flow";
import { readPollingTrigger } from "../../flows/poll-trigger-plan";
import { NONE_REFUSED } from "./jdbc-trigger-schemas";

const flow = (trigger: string) => `id: f
namespace: n
tasks:
  - {id: a, type: io.kestra.plugin.core.log.Log, message: hi}
triggers:
  - id: watch
${trigger}`;

describe("JDBC Trigger schemas", () => {
  it("are accepted under Kestra's type names, with Kestra's defaults: interval PT60S, fetchType FETCH", () => {
    for (const family of ["postgresql", "mysql", "mariadb", "sqlite", "duckdb"]) {
      const url = `jdbc:${family}://127.0.0.1/app`;
      const parsed = parseFlow(
        flow(`    type: io.kestra.plugin.jdbc.${family}.Trigger\n    url: "${url}"\n    sql: SELECT 1\n`),
      );
      expect(parsed.ok, family).toBe(true);
      if (!parsed.ok) continue;
      expect(readPollingTrigger(parsed.flow.triggers![0]), family).toMatchObject({
        interval: "PT60S",
        fetchType: "FETCH",
        sql: "SELECT 1",
      });
    }
  });

  it("refuse fetchType NONE with Kestra's words, a missing sql, and a zero interval", () => {
    const none = parseFlow(
      flow("    type: io.kestra.plugin.jdbc.sqlite.Trigger\n    sql: SELECT 1\n    fetchType: NONE\n"),
    );
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.problems.map((p) => p.message).join("\n")).toContain(NONE_REFUSED);
    const noSql = parseFlow(flow("    type: io.kestra.plugin.jdbc.sqlite.Trigger\n    url: jdbc:sqlite:a.db\n"));
    expect(noSql.ok).toBe(false);
    const zero = parseFlow(
      flow("    type: io.kestra.plugin.jdbc.duckdb.Trigger\n    sql: SELECT 1\n    interval: PT0S\n"),
    );
    expect(zero.ok).toBe(false);
    if (!zero.ok) expect(zero.problems.map((p) => p.message).join("\n")).toContain("must be longer than zero");
  });

  it("take an expression for fetchType (checked when the poll runs), and are not Query tasks", () => {
    const expr = parseFlow(
      flow("    type: io.kestra.plugin.jdbc.duckdb.Trigger\n    sql: SELECT 1\n    fetchType: \"{{ 'STORE' }}\"\n"),
    );
    expect(expr.ok).toBe(true);
    const query = parseFlow(flow("    type: io.kestra.plugin.jdbc.postgresql.Query\n    sql: SELECT 1\n"));
    expect(query.ok).toBe(false);
  });

  it("are offered by the editor's schema among the trigger types", () => {
    const schema = flowJsonSchema() as {
      properties: { triggers: { items: { properties: { type: { examples: string[] } } } } };
    };
    expect(schema.properties.triggers.items.properties.type.examples).toEqual(
      expect.arrayContaining(["io.kestra.plugin.jdbc.postgresql.Trigger", "io.kestra.plugin.jdbc.duckdb.Trigger"]),
    );
  });
});
