import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { namespaceChain } from "./namespaces";
import { decryptSecret, encryptSecret } from "./secret-crypto";

export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
export const MAX_SECRET_BYTES = 64 * 1024;

/** Encrypted per-namespace secrets; a namespace inherits its parents' secrets. Values never leave decrypted except to render a task. */
export class SecretStore {
  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
    private readonly fromEnv: Map<string, string> = new Map(),
  ) {}

  async set(namespace: string, name: string, value: string): Promise<void> {
    if (!SECRET_NAME.test(name))
      throw new AppError(
        "BAD_REQUEST",
        "a secret name is letters, digits and _ (not starting with a digit), at most 128 characters",
      );
    if (Buffer.byteLength(value) > MAX_SECRET_BYTES)
      throw new AppError("PAYLOAD_TOO_LARGE", `a secret value may be at most ${MAX_SECRET_BYTES} bytes`);
    const ciphertext = encryptSecret(this.key, value, aad(namespace, name));
    await this.db.secret.upsert({
      where: { namespace_name: { namespace, name } },
      create: { namespace, name, ciphertext },
      update: { ciphertext },
    });
  }

  /**
   * A SECRET input's value, encrypted for one flow's input (`flow` is namespace/flowId): a
   * ciphertext moved to another flow or input does not open; a replay, which copies its
   * execution's inputs, still does.
   */
  sealInput(flow: string, inputId: string, value: string): string {
    return encryptSecret(this.key, value, inputAad(flow, inputId));
  }

  unsealInput(flow: string, inputId: string, sealed: string): string {
    return decryptSecret(this.key, sealed, inputAad(flow, inputId));
  }

  async delete(namespace: string, name: string): Promise<void> {
    const { count } = await this.db.secret.deleteMany({ where: { namespace, name } });
    if (count === 0) throw new AppError("NOT_FOUND", `secret ${name} not found in namespace ${namespace}`);
  }

  /** Names visible from a namespace, each with where it is defined. Never values. */
  async list(
    namespace: string,
  ): Promise<{ name: string; namespace: string; inherited: boolean; updated: Date | null }[]> {
    const chain = namespaceChain(namespace);
    const rows = await this.db.secret.findMany({
      where: { namespace: { in: chain } },
      select: { name: true, namespace: true, updatedAt: true },
    });
    const nearest = new Map<string, { name: string; namespace: string; inherited: boolean; updated: Date | null }>();
    for (const ns of chain) {
      for (const r of rows.filter((row) => row.namespace === ns)) {
        if (!nearest.has(r.name))
          nearest.set(r.name, { name: r.name, namespace: ns, inherited: ns !== namespace, updated: r.updatedAt });
      }
    }
    for (const name of this.fromEnv.keys()) {
      if (!nearest.has(name)) nearest.set(name, { name, namespace: "(environment)", inherited: true, updated: null });
    }
    return [...nearest.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every secret visible from a namespace, decrypted: nearest namespace wins, then the environment. */
  async resolveAll(namespace: string): Promise<Map<string, string>> {
    const chain = namespaceChain(namespace);
    const rows = await this.db.secret.findMany({ where: { namespace: { in: chain } } });
    const out = new Map(this.fromEnv);
    for (const ns of [...chain].reverse()) {
      for (const r of rows.filter((row) => row.namespace === ns))
        out.set(r.name, decryptSecret(this.key, r.ciphertext, aad(ns, r.name)));
    }
    return out;
  }
}

function aad(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function inputAad(flow: string, inputId: string): string {
  return `flow-input:${flow}/${inputId}`;
}
