// The import rules npm test checks (dependency-cruiser): no cycles between files or folders, and
// nothing imports upward. LAYERS lists lib's folders bottom to top; a folder may import its own layer
// and those below, never one above. A new folder must be placed here (the last rule says so).
const LAYERS = [
  // Words and values everything uses: states, errors, parsing of durations, sizes, cron, paging.
  ["states", "errors", "json", "values", "process", "lint", "plugin-kit", "execution-kind", "(root)"],
  // Infrastructure and the flow model (YAML → validated flow).
  // Plugin families sit beside the flow model (it lists their schemas) and reach the server only
  // through plugin-kit's port, so a family never imports the engine.
  ["db", "storage", "http-client", "flow", "plugins"],
  // Services over one concern each; the pure engine.
  ["engine", "secrets", "metrics", "rate-limit", "health", "auth", "logs"],
  ["namespaces", "runner", "flows", "files", "kv", "settings", "template", "namespace-files", "manifests", "examples"],
  // Running flows, from the process-wide dependencies up to the loop and the workers.
  ["deps"],
  ["task-runs"],
  ["executions"],
  ["triggers", "stats", "retention", "playground"],
  ["tasks"],
  ["orchestrator"],
  ["worker"],
  // The composition root, route helpers, and tests that drive the whole.
  ["server"],
  ["http", "conformance", "testing"],
];

const folderPath = (name) => (name === "(root)" ? "^lib/[^/]+$" : `^lib/${name}/`);
const anyOf = (names) => `(${names.map(folderPath).join("|")})`;

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `no-upward-import-from-${layer[0]}`,
  comment: `${layer.join(", ")} may not import a layer above: ${LAYERS.slice(i + 1)
    .flat()
    .join(", ")}`,
  severity: "error",
  from: { path: anyOf(layer), pathNot: "\\.test\\.ts$" },
  to: { path: anyOf(LAYERS.slice(i + 1).flat()) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    { name: "no-folder-cycles", severity: "error", scope: "folder", from: { path: "^lib/" }, to: { circular: true } },
    ...layerRules,
    {
      name: "lib-not-to-ui",
      comment: "lib/ is below the pages and components",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(app|components)/" },
    },
    {
      name: "components-not-to-app",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^app/" },
    },
    {
      name: "test-helpers-only-in-tests",
      severity: "error",
      from: { path: "^(app|components|lib)/", pathNot: "(\\.test\\.ts$|^lib/testing/|^lib/conformance/)" },
      to: { path: "^lib/testing/" },
    },
    {
      name: "engine-is-pure",
      comment: "the engine decides from stored state: no I/O, no Node built-ins",
      severity: "error",
      from: { path: "^lib/engine/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "every-folder-in-a-layer",
      comment: "a lib folder missing from LAYERS in .dependency-cruiser.cjs",
      severity: "error",
      from: { path: "^lib/[^/]+/", pathNot: `${anyOf(LAYERS.flat())}|^lib/db/generated` },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Tests sit above everything (they may call route handlers); the rules are for source.
    exclude: { path: "(^lib/db/generated|\\.test\\.ts$)" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
