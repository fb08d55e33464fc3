import { AppError } from "@/lib/errors/app-error";
import { handleRoute } from "@/lib/http/handle-route";

export const dynamic = "force-dynamic";

// Any other API path: a JSON 404 like every other error, not an HTML page; and only to the signed-in,
// so probing for paths tells a stranger nothing.
const notFound = handleRoute("signedIn", async (request) => {
  throw new AppError("NOT_FOUND", `no API route ${new URL(request.url).pathname}`);
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as DELETE, notFound as PATCH };
