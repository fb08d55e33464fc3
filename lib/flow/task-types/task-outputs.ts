/**
 * The outputs each task type leaves under `outputs.<id>`, for the editor's documentation panel:
 * Kestra's names, types and wording (its `Output` classes), as Osprey's runners in lib/tasks
 * produce them. The same shape as a task manifest's `outputs`, so built-in and registered types
 * are documented alike. A type not listed here has no outputs worth naming (Log, Sleep, flowables).
 */
export interface OutputDoc {
  type?: string;
  description?: string;
}
export type OutputsDoc = Readonly<Record<string, OutputDoc>>;

const SCRIPT: OutputsDoc = {
  vars: {
    type: "object",
    description: 'Values the script printed as `::{"outputs": {...}}::`, e.g. `{{ outputs.<id>.vars.count }}`.',
  },
  exitCode: { type: "integer", description: "The exit code of the whole script (0 when it succeeded)." },
  outputFiles: {
    type: "object",
    description:
      "The files matched by `outputFiles`, name → internal-storage URI: `{{ outputs.<id>.outputFiles['out.csv'] }}`.",
  },
};

const SCRIPT_TYPES = ["python", "node", "r", "julia", "shell"].flatMap((family) =>
  ["Script", "Commands"].map((variant) => `io.kestra.plugin.scripts.${family}.${variant}`),
);
const CLI_TYPES = [
  "io.kestra.plugin.ansible.cli.AnsibleCLI",
  "io.kestra.plugin.terraform.cli.TerraformCLI",
  "io.kestra.plugin.dbt.cli.DbtCLI",
  "io.kestra.plugin.docker.Run",
];

const URI = (what: string): OutputDoc => ({ type: "string", description: `The URI of ${what} in internal storage.` });
const STATE_OUT: OutputDoc = { type: "string", description: "The final state of the execution it started." };

export const TASK_OUTPUTS: Readonly<Record<string, OutputsDoc>> = {
  ...Object.fromEntries([...SCRIPT_TYPES, ...CLI_TYPES].map((t) => [t, SCRIPT])),
  "io.kestra.plugin.git.Clone": {
    directory: { type: "string", description: "The path, in the working directory, the repository was cloned to." },
    ...SCRIPT,
  },
  "io.kestra.plugin.docker.Build": {
    imageId: { type: "string", description: "The id of the image built." },
    tags: { type: "array", description: "The tags the image was given." },
  },
  "io.kestra.plugin.docker.Pull": {
    image: { type: "string", description: "The image pulled." },
    imageId: { type: "string", description: "Its id." },
  },
  "io.kestra.plugin.docker.Tag": {
    image: { type: "string", description: "The new name, `repository:tag`." },
    imageId: { type: "string", description: "The id of the image tagged." },
  },
  "io.kestra.plugin.core.debug.Return": {
    value: { type: "string", description: "The generated string (`format` rendered)." },
  },
  "io.kestra.plugin.core.output.OutputValues": {
    values: { type: "object", description: "The values, key → rendered value: `{{ outputs.<id>.values.<key> }}`." },
  },
  "io.kestra.plugin.core.log.Fetch": {
    uri: URI("the file of fetched log lines (one JSON object per line)"),
    size: { type: "integer", description: "The number of log lines fetched." },
  },
  "io.kestra.plugin.core.http.Request": {
    uri: { type: "string", description: "The URL of the request (after redirects)." },
    code: { type: "integer", description: "The status code of the response." },
    headers: { type: "object", description: "The headers of the response, name → list of values." },
    body: { type: "string", description: "The body of the response (parsed when it is JSON)." },
  },
  "io.kestra.plugin.core.http.Download": {
    uri: URI("the downloaded file"),
    code: { type: "integer", description: "The status code of the response." },
    length: { type: "integer", description: "The length of the downloaded file, in bytes." },
    headers: { type: "object", description: "The headers of the response, name → list of values." },
  },
  "io.kestra.plugin.core.kv.Get": { value: { description: "The value of the key; null when it is absent." } },
  "io.kestra.plugin.core.kv.Delete": { deleted: { type: "boolean", description: "Whether the key existed." } },
  "io.kestra.plugin.core.kv.GetKeys": { keys: { type: "array", description: "The keys found, matching `prefix`." } },
  "io.kestra.plugin.core.state.Set": {
    count: { type: "integer", description: "The number of keys in the state after the merge." },
    key: { type: "string", description: "The key the state is stored under." },
  },
  "io.kestra.plugin.core.state.Get": {
    count: { type: "integer", description: "The number of keys in the state." },
    data: { type: "object", description: "The state's values." },
  },
  "io.kestra.plugin.core.state.Delete": { deleted: { type: "boolean", description: "Whether a state was deleted." } },
  "io.kestra.plugin.core.flow.Subflow": {
    executionId: { type: "string", description: "The id of the subflow's execution." },
    state: STATE_OUT,
    outputs: { type: "object", description: "The outputs the subflow declares (its flow `outputs`)." },
  },
  "io.kestra.plugin.core.flow.ForEachItem": {
    numberOfBatches: { type: "integer", description: "The number of batches, one subflow execution each." },
    iterations: { type: "object", description: "The number of subflow executions by state." },
    uri: URI("a file of each batch's subflow outputs, one JSON line per batch, in order"),
  },
  "io.kestra.plugin.core.flow.Pause": {
    onResume: {
      type: "object",
      description: "The `onResume` inputs given on resume, by id: `{{ outputs.<id>.onResume.<input> }}`.",
    },
  },
  "io.kestra.plugin.core.storage.Write": { uri: URI("the file written") },
  "io.kestra.plugin.core.storage.Concat": { uri: URI("the concatenated file") },
  "io.kestra.plugin.core.storage.Split": { uris: { type: "array", description: "The URIs of the parts, in order." } },
  "io.kestra.plugin.core.storage.Size": { size: { type: "integer", description: "The size of the file, in bytes." } },
  "io.kestra.plugin.core.storage.Delete": {
    uri: { type: "string", description: "The URI of the file deleted." },
    deleted: { type: "boolean", description: "Whether the file existed." },
  },
  "io.kestra.plugin.core.storage.LocalFiles": {
    uris: { type: "object", description: "The files matched by `outputs`, name → internal-storage URI." },
  },
  // A trigger's outputs are the `trigger.*` variables of the executions it starts.
  "io.kestra.plugin.core.trigger.Schedule": {
    date: { type: "string", description: "The date of the tick (ISO-8601): `{{ trigger.date }}`." },
    next: { type: "string", description: "The date of the next tick." },
    previous: { type: "string", description: "The date of the previous tick." },
  },
  "io.kestra.plugin.core.trigger.Webhook": {
    body: { description: "The request's body (parsed when it is JSON): `{{ trigger.body }}`." },
    headers: { type: "object", description: "The request's headers, name → list of values." },
    parameters: { type: "object", description: "The query parameters, name → list of values." },
  },
  "io.kestra.plugin.core.trigger.Flow": {
    executionId: { type: "string", description: "The id of the execution that ended: `{{ trigger.executionId }}`." },
    namespace: { type: "string", description: "Its namespace." },
    flowId: { type: "string", description: "Its flow's id." },
    flowRevision: { type: "integer", description: "Its flow's revision." },
    state: { type: "string", description: "The state it ended in." },
    outputs: { type: "object", description: "Its flow's outputs." },
  },
  "io.kestra.plugin.core.storage.DeduplicateItems": { uri: URI("the file without the duplicates") },
  "io.kestra.plugin.core.storage.FilterItems": { uri: URI("the filtered file") },
};
