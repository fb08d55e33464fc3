import { State } from "../../states/states";
import { describe, expect, it } from "vitest";
import { runFlow } from "../../testing/run-flow";
import { useTestExecutor } from "../../testing/test-executor";

// SQLite and DuckDB run inside the server, which is root on its host: by default a task opens only
// its own files (OSPREY_ALLOW_SQL_HOST_FILES off), whatever its SQL says.
const t = useTestExecutor();
type Run = { taskId: string; state: string; error: string | null; outputs: Record<string, unknown> | null };
const SETTING = "(an admin can allow it with OSPREY_ALLOW_SQL_HOST_FILES=true)";

describe("SQLite and DuckDB keep to their task's files", () => {
  it("refuses host paths, ATTACH, VACUUM INTO, and DuckDB reads, writes and network outside the task; its own files work", async () => {
    const { execution } = await runFlow(
      t.deps,
      `id: host_files
namespace: it.jdbc
tasks:
  - id: sqlite_abs
    type: io.kestra.plugin.jdbc.sqlite.Query
    allowFailure: true
    url: jdbc:sqlite:/tmp/osprey-elsewhere.db
    sql: SELECT 1
  - id: attach
    type: io.kestra.plugin.jdbc.sqlite.Queries
    allowFailure: true
    url: "jdbc:sqlite::memory:"
    sql: "ATTACH DATABASE '/etc/hostname' AS h; SELECT 1"
  - id: vacuum
    type: io.kestra.plugin.jdbc.sqlite.Query
    allowFailure: true
    url: "jdbc:sqlite::memory:"
    sql: "VACUUM INTO '/tmp/osprey-copy.db'"
  - id: duck_read
    type: io.kestra.plugin.jdbc.duckdb.Query
    allowFailure: true
    sql: "SELECT * FROM read_text('/etc/hostname')"
    fetchType: FETCH
  - id: duck_write
    type: io.kestra.plugin.jdbc.duckdb.Query
    allowFailure: true
    sql: "COPY (SELECT 1) TO '/tmp/osprey-out.csv'"
  - id: duck_own
    type: io.kestra.plugin.jdbc.duckdb.Query
    inputFiles:
      data.csv: "x,y\\n1,2\\n3,4\\n"
    sql: "SELECT CAST(sum(x) AS INTEGER) AS total FROM read_csv('data.csv')"
    fetchType: FETCH_ONE
`,
      t.executor,
    );
    const runs = Object.fromEntries((execution.taskRuns as Run[]).map((r) => [r.taskId, r]));
    expect(runs.sqlite_abs.error).toBe(
      `the SQLite database /tmp/osprey-elsewhere.db reaches files of the server's host, which this server refuses ${SETTING}`,
    );
    expect(runs.attach.error).toContain(
      `ATTACH reaches files of the server's host, which this server refuses ${SETTING}`,
    );
    expect(runs.vacuum.error).toContain("VACUUM INTO reaches files of the server's host");
    expect(runs.duck_read.error).toMatch(/file system operations are disabled by configuration/);
    expect(runs.duck_write.error).toMatch(/file system operations are disabled by configuration/);
    expect([runs.duck_own.state, runs.duck_own.outputs?.row]).toEqual([State.SUCCESS, { total: 4 }]);
  });
});
