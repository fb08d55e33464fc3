import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = resolve(__dirname, "../..");

/**
 * The import rules of .dependency-cruiser.cjs (run over the tree by npm test), shown failing once:
 * a small tree with one violation of each kind, cruised with the project's own config.
 */
describe("the import rules", () => {
  let dir: string;
  const cruise = async (...files: string[]) => {
    const done = await run(
      join(ROOT, "node_modules/.bin/depcruise"),
      [...files, "--config", join(ROOT, ".dependency-cruiser.cjs"), "--output-type", "err"],
      { cwd: dir },
    ).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
    return done;
  };
  const write = async (path: string, text: string) => {
    await mkdir(join(dir, dirname(path)), { recursive: true });
    await writeFile(join(dir, path), text);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "osprey-import-rules-"));
    await write(
      "tsconfig.json",
      JSON.stringify({ compilerOptions: { module: "esnext", moduleResolution: "bundler" } }),
    );
    await write("lib/states/states.ts", `export const A = 1;\n`);
    await write("lib/orchestrator/loop.ts", `import { A } from "../states/states";\nexport const B = A;\n`);
    // Upward: the state module reaching the loop.
    await write("lib/states/upward.ts", `import { B } from "../orchestrator/loop";\nexport const C = B;\n`);
    // A cycle between two files of one folder.
    await write("lib/tasks/a.ts", `import { D } from "./b";\nexport const E = D;\n`);
    await write("lib/tasks/b.ts", `import { E } from "./a";\nexport const D = () => E;\n`);
    // The engine doing I/O.
    await write("lib/engine/decide.ts", `import { readFileSync } from "node:fs";\nexport const F = readFileSync;\n`);
    // A folder no layer names.
    await write("lib/newthing/x.ts", `import { A } from "../states/states";\nexport const G = A;\n`);
  }, 30_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("passes a tree that keeps them", async () => {
    const r = await cruise("lib/states/states.ts", "lib/orchestrator/loop.ts");
    expect(r.out).toContain("no dependency violations found");
    expect(r.code).toBe(0);
  }, 30_000);

  it("fails on an upward import, a cycle, I/O in the engine and a folder outside the layers", async () => {
    const r = await cruise("lib");
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/no-upward-import-from-states: lib\/states\/upward\.ts → lib\/orchestrator\/loop\.ts/);
    expect(r.out).toMatch(/no-circular: lib\/tasks\/a\.ts →/);
    expect(r.out).toMatch(/engine-is-pure: lib\/engine\/decide\.ts → fs/);
    expect(r.out).toMatch(/every-folder-in-a-layer: lib\/newthing\/x\.ts/);
  }, 30_000);
});
