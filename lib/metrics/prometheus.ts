/** One metric family in Prometheus' text exposition format (version 0.0.4). */
export interface MetricFamily {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram" | "summary";
  samples: { suffix?: string; labels?: Record<string, string>; value: number }[];
}

export function formatMetrics(families: MetricFamily[]): string {
  const out: string[] = [];
  for (const f of families) {
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) out.push(`${f.name}${s.suffix ?? ""}${formatLabels(s.labels)} ${formatValue(s.value)}`);
  }
  return `${out.join("\n")}\n`;
}

function formatLabels(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return "";
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"')}"`).join(",")}}`;
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** Cumulative histogram samples (`_bucket` per upper bound and +Inf, `_sum`, `_count`) of `values`. */
export function histogramSamples(
  values: number[],
  bounds: number[],
  labels: Record<string, string> = {},
): MetricFamily["samples"] {
  const samples: MetricFamily["samples"] = bounds.map((le) => ({
    suffix: "_bucket",
    labels: { ...labels, le: String(le) },
    value: values.filter((v) => v <= le).length,
  }));
  samples.push({ suffix: "_bucket", labels: { ...labels, le: "+Inf" }, value: values.length });
  samples.push({ suffix: "_sum", labels, value: values.reduce((a, b) => a + b, 0) });
  samples.push({ suffix: "_count", labels, value: values.length });
  return samples;
}
