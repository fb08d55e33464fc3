import { z } from "zod";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { type NamespaceScope, scopeOf } from "../auth/namespace-roles";
import type { Target } from "../auth/refusal";
import type { NamespacedPermission, ServerPermission } from "../auth/roles";
import { AppError } from "../errors/app-error";

/**
 * What a route needs. A namespaced permission must say where it acts, so no route can forget the
 * namespace: in one namespace (`namespace` finds it from the URL or from the execution named
 * there), or across the namespaces the person may see (`namespaces: "visible"`: lists, and a flow
 * created from a body), whose handler gets the scope to filter by or check with.
 */
export type Guard<C> =
  | ServerPermission
  | { permission: NamespacedPermission; namespace: (context: C) => Promise<Target> }
  | { permission: NamespacedPermission; namespaces: "visible" };

type Handler<C> = (request: Request, context: C, actor: Actor, scope: NamespaceScope) => Promise<Response>;

/**
 * Wraps a route handler. The guard is checked before the handler runs (401 unsigned, 403 for a role
 * without the permission; 404 for an execution the person cannot see). Errors: AppError → its status
 * with a JSON body, zod errors → 400 with details, anything else → 500 with a generic message
 * (details go to the server log).
 */
export function handleRoute<C>(
  guard: ServerPermission,
  handler: (request: Request, context: C, actor: Actor) => Promise<Response>,
): (request: Request, context: C) => Promise<Response>;
export function handleRoute<C>(
  guard: Exclude<Guard<C>, ServerPermission>,
  handler: Handler<C>,
): (request: Request, context: C) => Promise<Response>;
export function handleRoute<C>(guard: Guard<C>, handler: Handler<C>) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      if (typeof guard === "string") return await handler(request, context, await authorize(request, guard), NOWHERE);
      const target = "namespace" in guard ? () => guard.namespace(context) : undefined;
      const actor = await authorize(request, guard.permission, target);
      return await handler(request, context, actor, scopeOf(actor, guard.permission));
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** Server-wide routes act in no namespace. */
const NOWHERE: NamespaceScope = { everywhere: false, allows: () => false };

export function errorResponse(err: unknown): Response {
  if (AppError.is(err)) return Response.json(err.toJSON(), { status: err.status });
  if (err instanceof z.ZodError) {
    const problems = err.issues.map((i) => ({ message: i.message, path: i.path.join(".") }));
    return Response.json(
      {
        code: "BAD_REQUEST",
        message: `invalid request: ${problems[0]?.path} ${problems[0]?.message}`.trim(),
        problems,
      },
      { status: 400 },
    );
  }
  console.error("[osprey] unhandled error in route:", err);
  return Response.json({ code: "INTERNAL", message: "internal server error" }, { status: 500 });
}
