import { AppError } from "../errors/app-error";

/**
 * A request body as bytes, refused (413) as soon as it passes `maxBytes`: by its declared length
 * before a byte is read, or while streaming, so a client cannot make the server hold more.
 */
export async function readBoundedBody(request: Request, maxBytes: number, what: string): Promise<Buffer> {
  const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `${what} may be at most ${maxBytes} bytes`);
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The same request with its body read (bounded) into memory, for handlers that read it themselves. */
export async function withBoundedBody(request: Request, maxBytes: number, what: string): Promise<Request> {
  if (request.method === "GET" || request.method === "HEAD") return request;
  const body = await readBoundedBody(request, maxBytes, what);
  return new Request(request, { body: new Uint8Array(body), duplex: "half" } as RequestInit);
}
