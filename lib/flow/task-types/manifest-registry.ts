import type { ScriptTaskDefinition } from "./script-language";
import { manifestDefinition, type TTaskManifest } from "./task-manifest";

// The task types registered from manifests, as this process knows them. The server fills it from the
// database (lib/manifests/manifest-sync.ts), the editor from the flow schema it fetches; parsing reads it.

/** Where the flow schema the editor fetches carries the registered manifests (see installManifests). */
export const MANIFESTS_KEY = "x-osprey-manifests";

type ManifestDefinition = ScriptTaskDefinition & { manifest: TTaskManifest };

// On globalThis: Next bundles each route apart, so this module can exist in several copies in one server.
const shared = globalThis as unknown as {
  __ospreyManifestTypes?: { byType: Map<string, ManifestDefinition>; version: number };
};
const registry = () => (shared.__ospreyManifestTypes ??= { byType: new Map(), version: 0 });

/** Replaces the registered types with `manifests` (a type built in wins: such a manifest is left out). */
export function installManifests(manifests: readonly TTaskManifest[], isBuiltIn: (type: string) => boolean): void {
  const r = registry();
  r.byType = new Map(manifests.filter((m) => !isBuiltIn(m.type)).map((m) => [m.type, manifestDefinition(m)]));
  r.version++;
}

export function manifestTaskDefinition(type: string): ManifestDefinition | undefined {
  return registry().byType.get(type);
}

export function installedManifestDefinitions(): ManifestDefinition[] {
  return [...registry().byType.values()];
}

/** Changes whenever the registered types do: what parsed before may parse differently now. */
export function manifestRegistryVersion(): number {
  return registry().version;
}
