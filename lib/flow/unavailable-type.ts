/**
 * Why a `type` is refused, in words that say what is missing: a whole Kestra plugin, a type of a
 * plugin Osprey has in part, a Kestra core type Osprey does not have, or a name nobody knows.
 */
export function unavailableTypeMessage(
  what: "task" | "trigger" | "condition",
  written: string,
  canonical: string,
  known: readonly string[],
): string {
  const name = written === canonical ? canonical : `${written} (now ${canonical})`;
  if (canonical.startsWith("io.kestra.plugin.core.") || canonical.startsWith("io.kestra.core.")) {
    return `${what} type ${name} is a Kestra core type that Osprey does not have`;
  }
  const plugin = pluginOf(canonical);
  if (plugin) {
    const ofPlugin = known.filter((t) => t.startsWith(`${plugin}.`));
    if (ofPlugin.length > 0)
      return `${what} type ${name} is not available in Osprey; of the plugin ${plugin} it has: ${ofPlugin.join(", ")}`;
    return `${what} type ${name} belongs to the plugin ${plugin}, which is not available in Osprey`;
  }
  return `unknown ${what} type "${written}"; known types: ${known.join(", ")}`;
}

/** `io.kestra.plugin.aws.s3.Upload` → `io.kestra.plugin.aws`; script languages are a plugin each. */
function pluginOf(type: string): string | undefined {
  const parts = type.split(".");
  if (parts.length < 5 || parts[0] !== "io" || parts[1] !== "kestra" || parts[2] !== "plugin") return undefined;
  return parts.slice(0, parts[3] === "scripts" && parts.length > 5 ? 5 : 4).join(".");
}
