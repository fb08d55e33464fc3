import { afterAll, describe, expect, it } from "vitest";
import { MASK } from "../secrets/secret-masker";
import type { RenderRequest } from "./render-request";
import { TemplateRenderer } from "./template-renderer";

const vars: RenderRequest["vars"] = {
  flow: { id: "f", namespace: "company.team", revision: 1 },
  execution: { id: "e-1", startDate: "2026-01-01T00:00:00Z" },
  inputs: { name: "world" },
  outputs: {},
};
const request = (value: unknown, extra: Partial<RenderRequest> = {}): RenderRequest => ({
  value,
  vars,
  maxOutputChars: 1_000_000,
  ...extra,
});

// Pebble's step budget stops long loops by itself; what only a clock can stop is one step that
// never ends, such as a catastrophic regular expression.
const FREEZE = `{{ '${"a".repeat(40)}!' | replace({'(a+)+$': 'x'}, regexp=true) }}`;
// A string doubled 24 times (167 M characters) when the output cap allows it: only the heap limit stops it.
const HEAP_BOMB =
  "{% set s = 'xxxxxxxxxx' %}{% for i in range(1, 25) %}{% set s = s ~ s %}{% endfor %}{{ s | length }}";
// The payloads found by attacking the nunjucks renderer: no longer expressions at all.
const OLD_PAYLOADS = [
  "{% set s = '' | center(1000) %}{% for a in s %}{% for b in s %}{% for c in s %}{% endfor %}{% endfor %}{% endfor %}x",
  "{{ [1] | batch(2000000000, 1) | length }}",
];

const renderer = new TemplateRenderer({ timeoutMs: 1_000, memoryMb: 64, workers: 2 });
afterAll(() => renderer.close());

/** Longest gap between ticks of a 10 ms timer while `work` runs: how long the main thread was held. */
async function longestStall<T>(work: Promise<T>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  await work.catch(() => undefined);
  clearInterval(timer);
  return longest;
}

describe("TemplateRenderer", () => {
  it("renders values in a template process, and a display copy where each secret() is ****", async () => {
    const result = await renderer.render(
      request(
        { env: { A: "{{ secret('TOKEN') | upper }}", B: "{{ inputs.name }}" }, n: 3 },
        { secrets: { TOKEN: "s3cr3t-v" }, display: true },
      ),
    );
    expect(result.value).toEqual({ env: { A: "S3CR3T-V", B: "world" }, n: 3 });
    expect(result.display).toEqual({ env: { A: MASK, B: "world" }, n: 3 });
    expect(result.usedSecrets).toEqual(["TOKEN"]);
  });

  it("stops an expression that would run for ages, with a clear message, without holding the main thread", async () => {
    const render = renderer.render(request({ message: FREEZE }));
    const stall = longestStall(render);
    await expect(render).rejects.toThrow(/expression took longer than 1 s \(OSPREY_TEMPLATE_TIMEOUT_MS\)/);
    // The bound is loose on purpose: a 2-core machine under load; without the worker it is the whole second.
    expect(await stall).toBeLessThan(500);
  });

  it("stops an expression that would exhaust the heap", async () => {
    await expect(renderer.render(request({ message: HEAP_BOMB }, { maxOutputChars: 1_000_000_000 }))).rejects.toThrow(
      /more than 64 MB of memory \(OSPREY_TEMPLATE_MEMORY_MB\)/,
    );
  });

  it("caps the rendered size", async () => {
    await expect(
      renderer.render(request({ m: "{% for i in range(1, 20000) %}xx{% endfor %}" }, { maxOutputChars: 10_000 })),
    ).rejects.toThrow(/output exceeded 10000 characters/);
    await expect(
      renderer.render(request({ a: "{{ 'x' }}", b: "y".repeat(20_000) }, { maxOutputChars: 10_000 })),
    ).rejects.toThrow(/more than 10000 characters/);
  });

  it("keeps rendering for others while one expression is stuck, and after it was stopped", async () => {
    const stuck = expect(renderer.render(request({ m: FREEZE }))).rejects.toThrow(/longer than/);
    const other = await renderer.render(request({ m: "{{ inputs.name }}" }));
    expect(other.value).toEqual({ m: "world" });
    await stuck;
    expect((await renderer.render(request({ m: "after {{ flow.id }}" }))).value).toEqual({ m: "after f" });
  });

  it("refuses the nunjucks payloads that froze the old renderer at once, as unknown filters", async () => {
    for (const payload of OLD_PAYLOADS)
      await expect(renderer.render(request({ m: payload }))).rejects.toThrow(
        /Filter \[(center|batch)\] does not exist/,
      );
  });

  it("fails clearly on a missing secret", async () => {
    await expect(renderer.render(request({ m: "{{ secret('NOPE') }}" }, { secrets: {} }))).rejects.toThrow(
      /secret NOPE is not defined for namespace company.team/,
    );
  });
});
