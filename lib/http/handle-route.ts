import { z } from "zod";
import { AppError } from "../errors/app-error";

/**
 * Wraps a route handler: AppError → its status with a JSON body, zod errors → 400 with details,
 * anything else → 500 with a generic message (the details go to the server log, not the client).
 */
export function handleRoute<C>(handler: (request: Request, context: C) => Promise<Response>) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      return await handler(request, context);
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
