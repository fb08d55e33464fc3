import { describe, expect, it } from "vitest";
import type { TFlowInput } from "../../lib/flow/flow-inputs";
import { checkInputs } from "../../lib/flow/input-rules";
import { checkable, initialValues, rememberable, toFormData, valuesOfExecution } from "./form-values";

const inputs = [
  { id: "name", type: "STRING" },
  { id: "n", type: "INT", defaults: 3 },
  { id: "flag", type: "BOOLEAN" },
  { id: "tags", type: "MULTISELECT", values: ["a", "b"] },
  { id: "nums", type: "ARRAY", itemType: "INT" },
  { id: "cfg", type: "JSON", defaults: { k: 1 } },
  { id: "token", type: "SECRET" },
  { id: "file", type: "FILE" },
  { id: "a.b", type: "STRING", required: false },
] as TFlowInput[];

describe("Run dialog values", () => {
  it("start from defaults, an earlier run's nested values, and show a masked secret as empty", () => {
    expect(initialValues(inputs)).toEqual({
      name: "",
      n: "3",
      flag: false,
      tags: [],
      nums: [],
      cfg: '{\n  "k": 1\n}',
      token: "",
      file: "",
      "a.b": "",
    });
    const earlier = valuesOfExecution(inputs, {
      name: "Ada",
      nums: [1, 2],
      token: "******",
      file: "osprey:///executions/e/inputs/file/d.csv",
      a: { b: "deep" },
    });
    expect(initialValues(inputs, earlier)).toMatchObject({
      name: "Ada",
      nums: ["1", "2"],
      token: "",
      file: "osprey:///executions/e/inputs/file/d.csv",
      "a.b": "deep",
    });
  });

  it("leave an empty field out, so the shared rules call a required one missing", () => {
    const values = { ...initialValues(inputs), name: "" };
    expect(checkInputs(inputs, checkable(inputs, values)).errors).toMatchObject({
      name: "is required",
      token: "is required",
      file: "is required",
      nums: "is required",
    });
  });

  it("post every given input as a form field, a FILE as a file part, lists as JSON, nothing that waits", () => {
    const file = new File(["x,y\n"], "d.csv");
    const form = toFormData(
      inputs,
      { ...initialValues(inputs), name: "Ada", flag: true, tags: ["b"], nums: ["1", "2"], token: "s3cret!", file },
      ["a.b"],
    );
    expect(form.get("name")).toBe("Ada");
    expect(form.get("flag")).toBe("true");
    expect(form.get("tags")).toBe('["b"]');
    expect(form.get("nums")).toBe('["1","2"]');
    expect((form.get("file") as File).name).toBe("d.csv");
    expect(form.has("a.b")).toBe(false);
  });

  it("remember neither secrets nor files", () => {
    expect(rememberable(inputs, { name: "Ada", token: "s3cret!", file: new File(["x"], "x.csv") })).toEqual({
      name: "Ada",
    });
  });
});
