import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Actor } from "./actor";
import { actorOf } from "./authorize";

/** For a page: who is viewing it; anyone not signed in goes to the sign-in page and comes back after. */
export async function pageActor(path: string): Promise<Actor> {
  const actor = await actorOf(await headers());
  if (!actor) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  return actor;
}
