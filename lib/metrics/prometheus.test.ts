import { describe, expect, it } from "vitest";
import { formatMetrics, histogramSamples } from "./prometheus";

describe("Prometheus text format", () => {
  it("writes HELP, TYPE and labelled samples, escaping label values", () => {
    const text = formatMetrics([
      {
        name: "osprey_executions",
        help: "Executions by state.",
        type: "gauge",
        samples: [
          { labels: { state: "SUCCESS" }, value: 3 },
          { labels: { flow: 'a"b\\c' }, value: 1 },
        ],
      },
    ]);
    expect(text).toBe(
      '# HELP osprey_executions Executions by state.\n# TYPE osprey_executions gauge\nosprey_executions{state="SUCCESS"} 3\nosprey_executions{flow="a\\"b\\\\c"} 1\n',
    );
  });
  it("makes cumulative histogram buckets with +Inf, sum and count", () => {
    const samples = histogramSamples([0.5, 2, 20], [1, 10], { type: "t" });
    expect(samples).toEqual([
      { suffix: "_bucket", labels: { type: "t", le: "1" }, value: 1 },
      { suffix: "_bucket", labels: { type: "t", le: "10" }, value: 2 },
      { suffix: "_bucket", labels: { type: "t", le: "+Inf" }, value: 3 },
      { suffix: "_sum", labels: { type: "t" }, value: 22.5 },
      { suffix: "_count", labels: { type: "t" }, value: 3 },
    ]);
  });
});
