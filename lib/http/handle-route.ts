import { z } from "zod";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import type { Permission } from "../auth/roles";
import { AppError } from "../errors/app-error";

/**
 * Wraps a route handler. Every route names the permission it needs, checked before the handler runs
 * (401 unsigned, 403 for a role without it). Errors: AppError → its status with a JSON body, zod
 * errors → 400 with details, anything else → 500 with a generic message (details go to the server log).
 */
export function handleRoute<C>(permission: Permission, handler: (request: Request, context: C, actor: Actor) => Promise<Response>) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      return await handler(request, context, await authorize(request, permission));
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export function errorResponse(err: unknown): Response {
  if (AppError.is(err)) return Response.json(err.toJSON(), { status: err.status });
  if (err instanceof z.ZodError) {
    const problems = err.issues.map((i) => ({ message: i.message, path: i.path.join(".") }));
    return Response.json({ code: "BAD_REQUEST", message: `invalid request: ${problems[0]?.path} ${problems[0]?.message}`.trim(), problems }, { status: 400 });
  }
  console.error("[osprey] unhandled error in route:", err);
  return Response.json({ code: "INTERNAL", message: "internal server error" }, { status: 500 });
}
