/**
 * Ready examples of each common type, for the editor's documentation panel: a task (or trigger,
 * or condition) as a flow writes it, valid as it stands. The same place a task manifest's `example`
 * fills for a registered type.
 */
export interface ExampleDoc {
  title: string;
  /** YAML of the task (or trigger, or condition) as a list item. */
  code: string;
}

const script = (family: string, body: string): ExampleDoc => ({
  title: "Run a script, print an output, keep a file",
  code: `- id: ${family}_script\n  type: io.kestra.plugin.scripts.${family}.Script\n  outputFiles:\n    - out.txt\n  script: |\n${body
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n")}`,
});

const commands = (family: string, command: string): ExampleDoc => ({
  title: "Run commands in the language's image",
  code: `- id: ${family}_commands\n  type: io.kestra.plugin.scripts.${family}.Commands\n  commands:\n    - ${command}`,
});

export const TASK_EXAMPLES: Readonly<Record<string, readonly ExampleDoc[]>> = {
  "io.kestra.plugin.scripts.python.Script": [
    script(
      "python",
      'import json\nopen("out.txt", "w").write("hello")\nprint(\'::\' + json.dumps({"outputs": {"count": 42}}) + \'::\')',
    ),
    {
      title: "Install packages first",
      code: "- id: with_requests\n  type: io.kestra.plugin.scripts.python.Script\n  dependencies:\n    - requests\n  script: |\n    import requests\n    print(requests.__version__)",
    },
  ],
  "io.kestra.plugin.scripts.python.Commands": [commands("python", "python --version")],
  "io.kestra.plugin.scripts.node.Script": [
    script("node", 'require("fs").writeFileSync("out.txt", "hello");\nconsole.log(\'::{"outputs":{"count":42}}::\');'),
  ],
  "io.kestra.plugin.scripts.node.Commands": [commands("node", "node --version")],
  "io.kestra.plugin.scripts.shell.Script": [
    script("shell", 'echo hello > out.txt\necho \'::{"outputs":{"count":42}}::\''),
  ],
  "io.kestra.plugin.scripts.shell.Commands": [
    commands("shell", "echo 'hello from {{ flow.id }}'"),
    {
      title: "In an image of your own, failing on the first error",
      code: "- id: in_alpine\n  type: io.kestra.plugin.scripts.shell.Commands\n  containerImage: alpine:3.20\n  commands:\n    - apk info | head -3\n    - echo done",
    },
  ],
  "io.kestra.plugin.scripts.r.Script": [
    script("r", 'writeLines("hello", "out.txt")\ncat(\'::{"outputs":{"count":42}}::\\n\')'),
  ],
  "io.kestra.plugin.scripts.julia.Script": [
    script("julia", 'write("out.txt", "hello")\nprintln("::{\\"outputs\\":{\\"count\\":42}}::")'),
  ],
  "io.kestra.plugin.core.log.Log": [
    {
      title: "Log a message",
      code: "- id: hello\n  type: io.kestra.plugin.core.log.Log\n  message: Hello from {{ flow.id }}",
    },
    {
      title: "Several lines at a level",
      code: "- id: report\n  type: io.kestra.plugin.core.log.Log\n  level: WARN\n  message:\n    - first line\n    - 'execution {{ execution.id }}'",
    },
  ],
  "io.kestra.plugin.core.debug.Return": [
    {
      title: "Render a value for later tasks",
      code: "- id: today\n  type: io.kestra.plugin.core.debug.Return\n  format: \"{{ now() | date('yyyy-MM-dd') }}\"",
    },
  ],
  "io.kestra.plugin.core.output.OutputValues": [
    {
      title: "Name values for later tasks",
      code: "- id: values\n  type: io.kestra.plugin.core.output.OutputValues\n  values:\n    region: eu-west-1\n    count: 3",
    },
  ],
  "io.kestra.plugin.core.http.Request": [
    {
      title: "GET a JSON API",
      code: "- id: get_json\n  type: io.kestra.plugin.core.http.Request\n  uri: https://example.com/api/items\n  headers:\n    Accept: application/json",
    },
    {
      title: "POST a body",
      code: '- id: post\n  type: io.kestra.plugin.core.http.Request\n  uri: https://example.com/api/items\n  method: POST\n  contentType: application/json\n  body: \'{"name": "{{ flow.id }}"}\'',
    },
  ],
  "io.kestra.plugin.core.http.Download": [
    {
      title: "Download a file to internal storage",
      code: "- id: download\n  type: io.kestra.plugin.core.http.Download\n  uri: https://example.com/data.csv",
    },
  ],
  "io.kestra.plugin.core.flow.Subflow": [
    {
      title: "Run another flow and wait for it",
      code: '- id: child\n  type: io.kestra.plugin.core.flow.Subflow\n  namespace: company.team\n  flowId: child_flow\n  inputs:\n    day: "{{ trigger.date ?? now() }}"\n  wait: true\n  transmitFailed: true',
    },
  ],
  "io.kestra.plugin.core.flow.ForEach": [
    {
      title: "A task per value, two at a time",
      code: '- id: each\n  type: io.kestra.plugin.core.flow.ForEach\n  values: ["a", "b", "c"]\n  concurrencyLimit: 2\n  tasks:\n    - id: show\n      type: io.kestra.plugin.core.log.Log\n      message: "{{ taskrun.value }}"',
    },
  ],
  "io.kestra.plugin.core.flow.Parallel": [
    {
      title: "Two tasks at once",
      code: "- id: both\n  type: io.kestra.plugin.core.flow.Parallel\n  tasks:\n    - id: left\n      type: io.kestra.plugin.core.log.Log\n      message: left\n    - id: right\n      type: io.kestra.plugin.core.log.Log\n      message: right",
    },
  ],
  "io.kestra.plugin.core.flow.If": [
    {
      title: "Branch on an input",
      code: '- id: check\n  type: io.kestra.plugin.core.flow.If\n  condition: "{{ inputs.enabled }}"\n  then:\n    - id: on\n      type: io.kestra.plugin.core.log.Log\n      message: enabled\n  else:\n    - id: off\n      type: io.kestra.plugin.core.log.Log\n      message: disabled',
    },
  ],
  "io.kestra.plugin.core.flow.Pause": [
    {
      title: "Wait for an approval",
      code: "- id: approve\n  type: io.kestra.plugin.core.flow.Pause\n  onResume:\n    - id: approved\n      type: BOOLEAN\n      defaults: false",
    },
  ],
  "io.kestra.plugin.core.kv.Set": [
    {
      title: "Store a value",
      code: '- id: remember\n  type: io.kestra.plugin.core.kv.Set\n  key: last_run\n  value: "{{ execution.startDate }}"',
    },
  ],
  "io.kestra.plugin.core.kv.Get": [
    {
      title: "Read a value",
      code: "- id: recall\n  type: io.kestra.plugin.core.kv.Get\n  key: last_run\n  errorOnMissing: false",
    },
  ],
  "io.kestra.plugin.core.storage.Write": [
    {
      title: "Write a file",
      code: "- id: write\n  type: io.kestra.plugin.core.storage.Write\n  content: hello\n  extension: .txt",
    },
  ],
  "io.kestra.plugin.core.execution.Fail": [
    {
      title: "Fail on a condition",
      code: '- id: guard\n  type: io.kestra.plugin.core.execution.Fail\n  condition: "{{ inputs.count == 0 }}"\n  errorMessage: nothing to do',
    },
  ],
  "io.kestra.plugin.core.trigger.Schedule": [
    {
      title: "Every weekday at 9:00, Paris time",
      code: "- id: morning\n  type: io.kestra.plugin.core.trigger.Schedule\n  cron: 0 9 * * MON-FRI\n  timezone: Europe/Paris",
    },
  ],
  "io.kestra.plugin.core.trigger.Webhook": [
    {
      title: "Start on a POST to the webhook URL",
      code: "- id: hook\n  type: io.kestra.plugin.core.trigger.Webhook\n  key: a-long-random-secret-key",
    },
  ],
  "io.kestra.plugin.core.trigger.Flow": [
    {
      title: "After another flow succeeds",
      code: "- id: after_upstream\n  type: io.kestra.plugin.core.trigger.Flow\n  preconditions:\n    id: upstream_done\n    flows:\n      - namespace: company.team\n        flowId: upstream\n        states: [SUCCESS]",
    },
  ],
  "io.kestra.plugin.core.condition.ExecutionStatus": [
    {
      title: "Only failed executions",
      code: "- type: io.kestra.plugin.core.condition.ExecutionStatus\n  in:\n    - FAILED",
    },
  ],
};
