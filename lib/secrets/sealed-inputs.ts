import type { TFlowInput } from "../flow/flow-inputs";

// SECRET inputs are stored sealed (encrypted, see SecretStore.sealInput) inside the execution's
// inputs JSON, opened only when the execution runs, and shown as MASKED_INPUT everywhere else.

/** Marks a sealed value in stored inputs, so that any reader can tell it from a plain string. */
export const SEALED_PREFIX = "osprey-sealed:";
/** How a SECRET input's value is shown in the UI and the API (Kestra shows ******). */
export const MASKED_INPUT = "******";

type Seal = (inputId: string, value: string) => string;
type Unseal = (inputId: string, sealed: string) => string;

/** The inputs with every SECRET input's value sealed, ready to store. */
export function sealSecretInputs(
  declared: TFlowInput[],
  inputs: Record<string, unknown>,
  seal: Seal,
): Record<string, unknown> {
  const out = structuredClone(inputs);
  for (const input of declared.filter((d) => d.type === "SECRET")) {
    const value = getPath(out, input.id);
    if (typeof value === "string") setPath(out, input.id, SEALED_PREFIX + seal(input.id, value));
  }
  return out;
}

/** Stored inputs with SECRET values opened for the run, and those values (to mask in logs). */
export function unsealSecretInputs(
  declared: TFlowInput[],
  stored: Record<string, unknown>,
  unseal: Unseal,
): { inputs: Record<string, unknown>; secrets: string[] } {
  const inputs = structuredClone(stored);
  const secrets: string[] = [];
  for (const input of declared.filter((d) => d.type === "SECRET")) {
    const value = getPath(inputs, input.id);
    if (typeof value === "string" && value.startsWith(SEALED_PREFIX)) {
      const plain = unseal(input.id, value.slice(SEALED_PREFIX.length));
      setPath(inputs, input.id, plain);
      secrets.push(plain);
    }
  }
  return { inputs, secrets };
}

/** Stored inputs JSON (as text) with every sealed value replaced by MASKED_INPUT, for the UI and the API. */
export function maskSealedInputs(json: string | null): string | null {
  if (json === null || !json.includes(SEALED_PREFIX)) return json;
  return JSON.stringify(
    JSON.parse(json, (_key, value: unknown) =>
      typeof value === "string" && value.startsWith(SEALED_PREFIX) ? MASKED_INPUT : value,
    ),
  );
}

function getPath(target: Record<string, unknown>, id: string): unknown {
  let node: unknown = target;
  for (const part of id.split("."))
    node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  return node;
}

function setPath(target: Record<string, unknown>, id: string, value: unknown): void {
  const parts = id.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts.at(-1)!] = value;
}
