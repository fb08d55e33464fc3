import { authHeaders, expect, test } from "./fixtures";

// Plain fetch: no session cookie, only the token each call names.
test.describe("operations endpoints", () => {
  test("health reports the database and the Docker engine", async ({ baseURL }) => {
    const res = await fetch(`${baseURL}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "UP", database: "UP", docker: "UP", storage: "UP" });
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

  test("the Workers page shows this server alive, with its engine and capacity", async ({ page, baseURL }) => {
    await page.goto("/workers");
    const rows = page.getByTestId("workers").locator("tbody tr");
    await expect(rows.first()).toContainText("ALIVE");
    await expect(rows.first()).toContainText("local socket");
    const api = (await (await fetch(`${baseURL}/api/v1/workers`, { headers: authHeaders("admin") })).json()) as {
      results: { lost: boolean; capacity: number }[];
    };
    expect(api.results.length).toBeGreaterThan(0);
    expect(api.results[0].lost).toBe(false);
    expect((await fetch(`${baseURL}/api/v1/workers`, { headers: authHeaders("viewer") })).status).toBe(403);
  });
});
