import { Readable } from "node:stream";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors/app-error";
import { handleRoute } from "@/lib/http/handle-route";
import { namespaceParam } from "@/lib/http/namespace-of";
import { queryOf } from "@/lib/values/paging";
import { withBoundedBody } from "@/lib/http/read-body";
import { namespaceFilesOf } from "@/lib/namespace-files/namespace-files-global";
import { uploadNamespaceFile } from "@/lib/namespace-files/upload-namespace-files";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string }> };

const read = { permission: "flow:read", namespace: namespaceParam("namespace") } as const;
const write = { permission: "flow:write", namespace: namespaceParam("namespace") } as const;

/** GET ?path= — a namespace file's bytes (Kestra's getFileContent). */
export const GET = handleRoute(read, async (request, { params }: Ctx) => {
  const files = namespaceFilesOf((await params).namespace);
  const { stream, size } = await files.open(queryOf(request).path ?? "");
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    headers: {
      "Content-Type": "application/octet-stream",
      "Content-Length": String(size),
      "Cache-Control": "no-cache",
    },
  });
});

/** POST ?path= — creates or replaces a file from the multipart part `fileContent`; a `.zip` is unpacked at the root. */
export const POST = handleRoute(write, async (request, { params }: Ctx) => {
  const files = namespaceFilesOf((await params).namespace);
  const path = queryOf(request).path ?? "";
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "multipart/form-data")
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "send the file as multipart/form-data, in the part `fileContent`");
  const max = config.OSPREY_MAX_NAMESPACE_FILE_BYTES;
  // The multipart envelope around the file: headers and boundaries, a few hundred bytes.
  const form = await (await withBoundedBody(request, max + 64 * 1024, "a namespace file")).formData().catch(() => {
    throw new AppError("BAD_REQUEST", "the multipart body cannot be read");
  });
  const part = form.get("fileContent");
  if (!part || typeof part === "string")
    throw new AppError("BAD_REQUEST", "send the file in the multipart part `fileContent`");
  const written = await uploadNamespaceFile(files, path, part.name, Buffer.from(await part.arrayBuffer()), max);
  return Response.json({ files: written.map((p) => `/${p}`) }, { status: 200 });
});

/** PUT ?from=&to= — moves or renames a file or a folder. */
export const PUT = handleRoute(write, async (request, { params }: Ctx) => {
  const { from, to } = queryOf(request);
  if (!from || !to) throw new AppError("BAD_REQUEST", "give `from` and `to` as query parameters");
  await namespaceFilesOf((await params).namespace).move(from, to);
  return new Response(null, { status: 204 });
});

/** DELETE ?path= — deletes a file, or a folder with everything in it. */
export const DELETE = handleRoute(write, async (request, { params }: Ctx) => {
  await namespaceFilesOf((await params).namespace).delete(queryOf(request).path ?? "");
  return new Response(null, { status: 204 });
});
