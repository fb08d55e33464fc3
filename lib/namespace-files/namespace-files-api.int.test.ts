import { mkdtempSync } from "node:fs";
import { freshDatabase } from "../testing/test-database";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { createApiToken } from "../auth/api-tokens";
import { createDb, type Db } from "../db/create-client";

// The route handlers read the server's config, database and storage from the environment when
// first imported: point them at a fresh database and storage folder, then import them.
type Handler = (request: Request, context: { params: Promise<{ namespace: string }> }) => Promise<Response>;
let files: Record<"GET" | "POST" | "PUT" | "DELETE", Handler>;
let directory: Record<"GET" | "POST", Handler>;
let stats: Record<"GET", Handler>;
let exporter: Record<"GET", Handler>;
let db: Db;
const tokens: Record<"editor" | "viewer", string> = { editor: "", viewer: "" };

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "osprey-nsfiles-api-"));
  process.env.DATABASE_URL = await freshDatabase(inject("templateDb"));
  process.env.OSPREY_STORAGE_DIR = join(dir, "storage");
  process.env.OSPREY_MAX_NAMESPACE_FILE_BYTES = "4096";
  db = await createDb(process.env.DATABASE_URL);
  for (const role of ["editor", "viewer"] as const) {
    const user = await db.user.create({ data: { id: `u-${role}`, name: role, email: `${role}@nsfiles.test`, role } });
    tokens[role] = (
      await createApiToken(
        db,
        { userId: user.id, email: user.email, name: role, role, grants: [], via: "session" },
        "it",
      )
    ).token;
  }
  files = await import("@/app/api/v1/namespaces/[namespace]/files/route");
  directory = await import("@/app/api/v1/namespaces/[namespace]/files/directory/route");
  stats = await import("@/app/api/v1/namespaces/[namespace]/files/stats/route");
  exporter = await import("@/app/api/v1/namespaces/[namespace]/files/export/route");
});
afterAll(async () => {
  await db.$disconnect();
});

const NS = "company.team";
const ctx = { params: Promise.resolve({ namespace: NS }) };

function call(
  handler: Handler,
  method: string,
  query: string,
  init: { body?: BodyInit; as?: "editor" | "viewer" } = {},
) {
  const request = new Request(`http://osprey.test/api/v1/namespaces/${NS}/files${query}`, {
    method,
    body: init.body,
    headers: { Authorization: `Bearer ${tokens[init.as ?? "editor"]}` },
  });
  return handler(request, ctx);
}

function upload(
  path: string,
  content: string | Uint8Array,
  fileName = path.split("/").at(-1)!,
  as?: "editor" | "viewer",
) {
  const form = new FormData();
  form.append("fileContent", new Blob([content as BlobPart]), fileName);
  return call(files.POST, "POST", `?path=${encodeURIComponent(path)}`, { body: form, as });
}

const json = async (res: Response) => (await res.json()) as unknown;
const names = async (res: Response) =>
  ((await res.json()) as { fileName: string; type: string }[]).map((f) => `${f.fileName}:${f.type}`);

describe("namespace files API, through its route handlers", () => {
  it("uploads, lists, reads, stats, moves and deletes", async () => {
    expect(await names(await call(directory.GET, "GET", ""))).toEqual([]);
    const up = await upload("/scripts/main.py", "print('hi')\n");
    expect(up.status).toBe(200);
    expect(await json(up)).toEqual({ files: ["/scripts/main.py"] });
    expect(await names(await call(directory.GET, "GET", ""))).toEqual(["scripts:Directory"]);
    const inScripts = (await (await call(directory.GET, "GET", "?path=/scripts")).json()) as {
      fileName: string;
      size: number;
      type: string;
    }[];
    expect(inScripts).toEqual([expect.objectContaining({ fileName: "main.py", size: 12, type: "File" })]);
    const content = await call(files.GET, "GET", "?path=/scripts/main.py", { as: "viewer" });
    expect(content.headers.get("content-type")).toBe("application/octet-stream");
    expect(await content.text()).toBe("print('hi')\n");
    expect(await json(await call(stats.GET, "GET", "?path=/scripts/main.py"))).toMatchObject({
      fileName: "main.py",
      type: "File",
      size: 12,
    });
    expect(await json(await call(stats.GET, "GET", ""))).toMatchObject({ type: "Directory" });

    expect((await call(files.PUT, "PUT", "?from=/scripts/main.py&to=/scripts/app.py")).status).toBe(204);
    expect((await call(files.GET, "GET", "?path=/scripts/main.py")).status).toBe(404);
    expect(await (await call(files.GET, "GET", "?path=/scripts/app.py")).text()).toBe("print('hi')\n");
    expect((await call(directory.POST, "POST", "?path=/empty/inner")).status).toBe(204);
    expect((await call(files.PUT, "PUT", "?from=/scripts&to=/src")).status).toBe(204);
    expect(await names(await call(directory.GET, "GET", ""))).toEqual(["empty:Directory", "src:Directory"]);
    expect((await call(files.DELETE, "DELETE", "?path=/src")).status).toBe(204);
    expect(await names(await call(directory.GET, "GET", ""))).toEqual(["empty:Directory"]);
    expect((await call(files.DELETE, "DELETE", "?path=/src")).status).toBe(404);
    expect((await call(directory.GET, "GET", "?path=/src")).status).toBe(404);
  });

  it("unpacks an uploaded ZIP at the root and exports every file as one", async () => {
    const zip = zipSync({ "lib/a.py": strToU8("A = 1\n"), "data/b.csv": strToU8("x\n1\n") });
    expect(await json(await upload("/ignored", zip, "bundle.zip"))).toEqual({ files: ["/lib/a.py", "/data/b.csv"] });
    const exported = await call(exporter.GET, "GET", "/export");
    expect(exported.headers.get("content-disposition")).toBe(`attachment; filename="${NS}_files.zip"`);
    const entries = unzipSync(new Uint8Array(await exported.arrayBuffer()));
    expect(Object.keys(entries).sort()).toEqual(["data/b.csv", "lib/a.py"]);
    expect(Buffer.from(entries["lib/a.py"]).toString()).toBe("A = 1\n");
  });

  it("refuses a viewer's write, paths that climb out or are reserved, a file too large, and a move onto a file", async () => {
    expect((await upload("/v.txt", "x", "v.txt", "viewer")).status).toBe(403);
    expect((await call(files.DELETE, "DELETE", "?path=/lib", { as: "viewer" })).status).toBe(403);
    for (const path of ["/../x", "/a/../../x", "/_flows/f.yml", "/a//b"]) {
      const res = await upload(path, "x", "x");
      expect(res.status, path).toBe(400);
    }
    expect((await call(files.GET, "GET", "?path=/../../etc/passwd")).status).toBe(400);
    expect((await upload("/big.bin", new Uint8Array(5000), "big.bin")).status).toBe(413);
    expect((await upload("/bomb", zipSync({ "a.bin": new Uint8Array(5000) }), "bomb.zip")).status).toBe(413);
    expect((await call(files.PUT, "PUT", "?from=/lib/a.py&to=/data/b.csv")).status).toBe(409);
    expect((await call(files.POST, "POST", "?path=/x", { body: "plain" })).status).toBe(415);
    expect(await (await call(files.GET, "GET", "?path=/data/b.csv")).text()).toBe("x\n1\n");
  });
});
