import { AppError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/http/handle-route";

export const dynamic = "force-dynamic";

// Any other API path: a JSON 404 like every other error, not an HTML page.
function notFound(request: Request) {
  return errorResponse(new AppError("NOT_FOUND", `no API route ${new URL(request.url).pathname}`));
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as DELETE, notFound as PATCH };
