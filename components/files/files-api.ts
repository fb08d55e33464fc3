import { ApiError, send } from "../ui/api";

/** A file or folder as the namespace files API lists it (Kestra's FileAttributes). */
export interface FileEntry {
  fileName: string;
  type: "File" | "Directory";
  size: number;
  lastModifiedTime: number;
}

/** Browser-side calls to `/api/v1/namespaces/{namespace}/files…`; paths are namespace-relative (`scripts/main.py`). */
export function namespaceFilesApi(namespace: string) {
  const base = `/api/v1/namespaces/${encodeURIComponent(namespace)}/files`;
  const q = (path: string) => `?path=${encodeURIComponent(`/${path}`)}`;
  return {
    list: (dir: string) => send<FileEntry[]>(`${base}/directory${q(dir)}`),
    async read(path: string): Promise<Uint8Array> {
      const res = await fetch(`${base}${q(path)}`);
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { message?: string };
        throw new ApiError(body.message ?? `request failed (${res.status})`, res.status, []);
      }
      return new Uint8Array(await res.arrayBuffer());
    },
    write(path: string, content: Blob | string, fileName = path.split("/").at(-1)!) {
      const form = new FormData();
      form.append("fileContent", typeof content === "string" ? new Blob([content]) : content, fileName);
      return send<{ files: string[] }>(`${base}${q(path)}`, { method: "POST", body: form });
    },
    makeDirectory: (path: string) => send(`${base}/directory${q(path)}`, { method: "POST" }),
    move: (from: string, to: string) =>
      send(`${base}?from=${encodeURIComponent(`/${from}`)}&to=${encodeURIComponent(`/${to}`)}`, { method: "PUT" }),
    remove: (path: string) => send(`${base}${q(path)}`, { method: "DELETE" }),
  };
}
export type NamespaceFilesApi = ReturnType<typeof namespaceFilesApi>;
