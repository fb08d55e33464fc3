import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { CONFIG_KEYS, loadConfig } from "../config";

// deploy/kubernetes checked against the Kubernetes API's own schemas (kubernetes-models ships them,
// with a validate() per kind), and against Osprey: every setting it names exists and parses, every
// file it mounts from the Secret is one docs/deploy.md tells how to make.

const DIR = "deploy/kubernetes";
type Doc = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: unknown };
type Container = {
  image: string;
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string } }[];
};

const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml");
const docs: Doc[] = files.flatMap((f) =>
  parseAllDocuments(readFileSync(join(DIR, f), "utf8")).map((d) => {
    expect(d.errors, f).toEqual([]);
    return d.toJS() as Doc;
  }),
);

/** The API's schema check for one object; throws what is wrong, with its path. */
async function validate(doc: Doc): Promise<void> {
  const group = (await import(/* @vite-ignore */ `kubernetes-models/${doc.apiVersion}`)) as Record<
    string,
    new (
      d: unknown,
    ) => { validate(): void }
  >;
  const Model = group[doc.kind];
  if (!Model) throw new Error(`no ${doc.kind} in ${doc.apiVersion}`);
  new Model(doc).validate();
}

const podSpecs = () =>
  docs.flatMap((d) => {
    const template = (d.spec as { template?: { spec: { containers: Container[] } } } | undefined)?.template;
    return template ? [{ name: d.metadata.name, spec: template.spec }] : [];
  });
const ospreyContainers = () =>
  podSpecs().flatMap((p) => p.spec.containers.filter((c) => c.image.startsWith("osprey/osprey")));

describe("deploy/kubernetes", () => {
  it("lists every manifest in kustomization.yaml, and only those", () => {
    const kustomization = parseAllDocuments(readFileSync(join(DIR, "kustomization.yaml"), "utf8"))[0].toJS();
    expect([...kustomization.resources].sort()).toEqual([...files].sort());
  });

  it("every object passes the Kubernetes API schema of its kind", async () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(
      expect.arrayContaining(["Deployment/osprey-web", "Deployment/osprey-worker", "StatefulSet/postgres"]),
    );
    for (const doc of docs) await expect(validate(doc), `${doc.kind}/${doc.metadata.name}`).resolves.toBeUndefined();
  });

  it("the schema check fails on a broken object (so the one above can fail)", async () => {
    const web = structuredClone(docs.find((d) => d.kind === "Deployment" && d.metadata.name === "osprey-web")!);
    (web.spec as { replicas: unknown }).replicas = "two";
    await expect(validate(web)).rejects.toThrow(/replicas/);
  });

  it("names only Osprey's settings, with values Osprey parses", () => {
    // The entrypoint reads NAME_FILE for these (deploy/osprey/entrypoint.sh); Osprey reads the rest itself.
    const entrypoint = readFileSync("deploy/osprey/entrypoint.sh", "utf8");
    const fileForms = /for name in ([A-Z0-9_ ]+); do/
      .exec(entrypoint)![1]
      .split(" ")
      .map((n) => `${n}_FILE`);
    const configMap = docs.find((d) => d.kind === "ConfigMap")!.data as Record<string, string>;
    const names = [...Object.keys(configMap), ...ospreyContainers().flatMap((c) => (c.env ?? []).map((e) => e.name))];
    expect(names.filter((n) => !CONFIG_KEYS.includes(n) && !fileForms.includes(n))).toEqual([]);
    for (const c of ospreyContainers())
      for (const ref of c.envFrom ?? [])
        expect(ref.configMapRef?.name).toBe(docs.find((d) => d.kind === "ConfigMap")!.metadata.name);
    const literal = Object.fromEntries(
      ospreyContainers().flatMap((c) =>
        (c.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value]),
      ),
    );
    expect(() =>
      loadConfig({ ...configMap, ...literal, DATABASE_URL: "postgresql://osprey@postgres/osprey" }),
    ).not.toThrow();
  });

  it("mounts from the Secret only files docs/deploy.md says how to make", () => {
    const guide = readFileSync("docs/deploy.md", "utf8");
    const made = [...guide.matchAll(/--from-literal=([\w.-]+)=/g)].map((m) => m[1]);
    const read = ospreyContainers()
      .flatMap((c) => c.env ?? [])
      .filter((e) => e.name.endsWith("_FILE") && e.value?.startsWith("/run/osprey/"))
      .map((e) => e.value!.slice("/run/osprey/".length));
    const postgres = JSON.stringify(docs.find((d) => d.kind === "StatefulSet"));
    const keys = [...new Set([...read, ...[...postgres.matchAll(/"key":"([\w.-]+)"/g)].map((m) => m[1])])];
    expect(keys.length).toBeGreaterThan(4);
    expect(keys.filter((k) => !made.includes(k))).toEqual([]);
  });
});
