import { authHeaders, expect, test } from "./fixtures";

// Plain fetch: no session cookie, only the token each call names.
test.describe("operations endpoints", () => {
  test("health reports the database and the Docker engine", async ({ baseURL }) => {
    const res = await fetch(`${baseURL}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "UP", database: "UP", docker: "UP" });
  });

  test("metrics are Prometheus text for an admin's token, refused to others", async ({ baseURL }) => {
    expect((await fetch(`${baseURL}/metrics`)).status).toBe(401);
    expect((await fetch(`${baseURL}/metrics`, { headers: authHeaders("viewer") })).status).toBe(403);
    const res = await fetch(`${baseURL}/metrics`, { headers: authHeaders("admin") });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await res.text();
    expect(text).toContain("# TYPE osprey_executions gauge");
    expect(text).toMatch(/^osprey_queue_depth \d+$/m);
    expect(text).toMatch(/^osprey_log_lines_written_total \d+$/m);
  });
});
