/** `company.team.project` → [`company.team.project`, `company.team`, `company`]: nearest first. */
export function namespaceChain(namespace: string): string[] {
  const parts = namespace.split(".");
  return parts.map((_, i) => parts.slice(0, parts.length - i).join("."));
}
