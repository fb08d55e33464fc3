import "server-only";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "../errors/app-error";
import { readExampleFile, type TExample } from "./example-file";
import { searchExamples, type TExampleSearch, tagsOf } from "./search-examples";

/** Where the gallery's flows live: one `<id>.yaml` each, read from the server's working directory. */
export const EXAMPLES_DIR = join(process.cwd(), "examples/osprey");

/** Every example in `dir`, sorted by title. A broken file throws naming it (the unit test reads them all). */
export function readExamples(dir = EXAMPLES_DIR): TExample[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".yaml"))
    .map((name) => readExampleFile(name.slice(0, -".yaml".length), readFileSync(join(dir, name), "utf8")))
    .sort((a, b) => a.title.localeCompare(b.title));
}

// The files ship with the server and change only with it: read once.
let cached: TExample[] | null = null;
const all = () => {
  cached ??= readExamples();
  return cached;
};

/** `GET /api/v1/examples`: the matching examples (without their YAML) and every tag with its count. */
export function listExamples(search: TExampleSearch) {
  const examples = all();
  return { results: searchExamples(examples, search), total: examples.length, tags: tagsOf(examples) };
}

/** One example with its YAML; NOT_FOUND for an id the gallery does not have. */
export function getExample(id: string): TExample {
  const found = all().find((e) => e.id === id);
  if (!found) throw new AppError("NOT_FOUND", `no example ${id}`);
  return found;
}
