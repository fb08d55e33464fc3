import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error";
import { parseFlow } from "../flow/parse-flow";
import { saveFlow } from "../flows/save-flow";
import { putKv } from "../kv/kv-store";
import { waitForEnd } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";
import { State } from "../states/states";
import { createExecution } from "./create-execution";
import { renderExpressionValues } from "./input-expressions";

// Kestra's SELECT/MULTISELECT `expression` on the real database: values come from the KV store as it
// is when the form opens and when the run starts; the run is checked against that list.
const t = useTestExecutor();
const NS = "it.inputs.expr";

const flowWith = (id: string, inputs: string) =>
  `id: ${id}\nnamespace: ${NS}\ninputs:\n${inputs}\ntasks:\n  - id: show\n    type: io.kestra.plugin.core.log.Log\n    message: "picked {{ inputs.region }}"\n`;

async function save(id: string, inputs: string) {
  await saveFlow(t.deps.db, flowWith(id, inputs), { create: true });
}
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (AppError.is(err)) return err.message;
    throw err;
  }
  throw new Error("expected a refusal");
}
const kv = (key: string, value: unknown) =>
  putKv(t.deps.db, { namespace: NS, key, type: "JSON", value }, t.deps.config);

describe("input expression", () => {
  it("a SELECT's values come from kv() when the run starts: one in the list runs, one outside is refused", async () => {
    await kv("regions", ["eu-west-1", "us-east-1"]);
    await save("select_kv", `  - id: region\n    type: SELECT\n    expression: "{{ kv('regions') }}"`);
    const ok = await createExecution(t.deps.db, NS, "select_kv", { region: "us-east-1" });
    t.executor.wake();
    const ended = await waitForEnd(t.deps, ok.id);
    expect(ended.state).toBe(State.SUCCESS);
    expect(JSON.parse(ok.inputs ?? "null")).toEqual({ region: "us-east-1" });
    expect(await refusal(createExecution(t.deps.db, NS, "select_kv", { region: "ap-south-1" }))).toBe(
      "input region: must be one of eu-west-1, us-east-1",
    );
    // The list is read again at each run: a value added to the store is accepted at once.
    await kv("regions", ["eu-west-1", "us-east-1", "ap-south-1"]);
    const later = await createExecution(t.deps.db, NS, "select_kv", { region: "ap-south-1" });
    expect(JSON.parse(later.inputs ?? "null")).toEqual({ region: "ap-south-1" });
  });

  it("MULTISELECT with autoSelectFirst defaults to the first rendered value; old names options/allowInput are read", async () => {
    await kv("envs", ["dev", "prod"]);
    await save(
      "multi_first",
      `  - id: region\n    type: MULTISELECT\n    expression: "{{ kv('envs') }}"\n    autoSelectFirst: true\n  - id: extra\n    type: MULTISELECT\n    options: [a, b]\n    allowInput: true\n    required: false`,
    );
    const run = await createExecution(t.deps.db, NS, "multi_first", { extra: ["a", "zz"] });
    expect(JSON.parse(run.inputs ?? "null")).toEqual({ region: ["dev"], extra: ["a", "zz"] });
  });

  it("the Run form's list: rendered values, and a clear error per input whose expression fails", async () => {
    await save(
      "form_list",
      [
        `  - id: region\n    type: SELECT\n    expression: "{{ ['x', 'y'] }}"`,
        `  - id: missing\n    type: SELECT\n    expression: "{{ kv('nope') }}"`,
        `  - id: notlist\n    type: SELECT\n    expression: "{{ 'just text' }}"`,
        `  - id: secretive\n    type: SELECT\n    expression: "{{ [secret('DB_PASSWORD')] }}"`,
      ].join("\n"),
    );
    const saved = await t.deps.db.flow.findFirstOrThrow({ where: { namespace: NS, flowId: "form_list" } });
    const parsed = parseFlow(saved.source);
    if (!parsed.ok) throw new Error("flow did not parse");
    const { inputs, errors } = await renderExpressionValues(
      t.deps.db,
      { namespace: NS, id: "form_list", revision: saved.revision },
      parsed.flow.inputs ?? [],
    );
    expect(inputs.find((i) => i.id === "region")?.values).toEqual(["x", "y"]);
    expect(errors.missing).toMatch(
      /^input missing: cannot render 'expression'\. Cause: .*The key 'nope' does not exist/,
    );
    expect(errors.notlist).toBe(
      'input notlist: invalid expression result. Expected a list of strings, got "just text"',
    );
    expect(errors.secretive).toMatch(/secret\(\) cannot be read by an input's expression/);
    expect(Object.keys(errors).sort()).toEqual(["missing", "notlist", "secretive"]);
    expect(await refusal(createExecution(t.deps.db, NS, "form_list", { region: "x" }))).toMatch(/input missing/);
  });

  it("kv() of a namespace out of the flow's reach is refused, not read", async () => {
    await putKv(t.deps.db, { namespace: "it.other.team", key: "hidden", type: "JSON", value: ["s"] }, t.deps.config);
    await save(
      "out_of_reach",
      `  - id: region\n    type: SELECT\n    expression: "{{ kv('hidden', 'it.other.team') }}"`,
    );
    expect(await refusal(createExecution(t.deps.db, NS, "out_of_reach", { region: "s" }))).toMatch(
      /Cannot access the KV store\. Access to 'it\.other\.team' namespace is not allowed/,
    );
  });
});
