import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import type { Actor } from "./actor";
import { hashToken, newToken, tokenPrefix } from "./token-hash";

export interface TokenInfo {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const PUBLIC_FIELDS = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

/**
 * Only a signed-in session may make tokens: a token that could make tokens would outlive its own
 * revocation (a stolen one would mint its successor). Routes call it before reading the body.
 */
export function assertMayMintTokens(actor: Actor): void {
  if (actor.via !== "session") {
    throw new AppError("FORBIDDEN", "an API token cannot make API tokens; sign in and make one on your account page");
  }
}

/** Makes a token for the actor; the returned `token` is the only time it is ever seen. */
export async function createApiToken(db: Db, actor: Actor, name: string): Promise<TokenInfo & { token: string }> {
  assertMayMintTokens(actor);
  const token = newToken();
  const row = await db.apiToken.create({
    data: { userId: actor.userId, name, prefix: tokenPrefix(token), hash: hashToken(token) },
    select: PUBLIC_FIELDS,
  });
  return { ...row, token };
}

export function listApiTokens(db: Db, userId: string): Promise<TokenInfo[]> {
  return db.apiToken.findMany({ where: { userId }, select: PUBLIC_FIELDS, orderBy: { createdAt: "desc" } });
}

/** Revokes one of the actor's own tokens (an admin may revoke anyone's). */
export async function revokeApiToken(db: Db, actor: Actor, id: string): Promise<void> {
  const row = await db.apiToken.findUnique({ where: { id } });
  if (!row || (row.userId !== actor.userId && actor.role !== "admin"))
    throw new AppError("NOT_FOUND", `no token ${id}`);
  if (!row.revokedAt) await db.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
}

/** Only note a use once a minute: a CI job polling every second need not write every time. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The person a live token belongs to, or null (unknown, revoked, or its owner banned). */
export async function actorOfToken(db: Db, token: string): Promise<Actor | null> {
  const row = await db.apiToken.findUnique({
    where: { hash: hashToken(token) },
    include: { user: { include: { grants: { select: { namespace: true, role: true } } } } },
  });
  if (!row || row.revokedAt || row.user.banned) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  const { user } = row;
  return { userId: user.id, email: user.email, name: user.name, role: user.role, grants: user.grants, via: "token" };
}
