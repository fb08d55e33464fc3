// The image's HEALTHCHECK: a web server (or all-in-one) answers /api/health with 200 when its
// database, its file store and (but for OSPREY_ROLE=web) its Docker engine answer. A worker is
// checked on OSPREY_WORKER_PORT when it serves one; without it, a running worker is all there is to know.
const role = process.env.OSPREY_ROLE ?? "all";
const port = role === "worker" ? process.env.OSPREY_WORKER_PORT : (process.env.PORT ?? "3000");
if (!port) process.exit(0);
try {
  const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(4_000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
