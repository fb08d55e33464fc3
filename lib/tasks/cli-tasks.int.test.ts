import { State } from "../states/states";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureFixtureImage } from "../testing/fixture-image";
import { runFlow } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";

// Kestra's CLI plugins as script tasks. No registry is reachable here, so their vendor images
// (cytopia/ansible, amazon/aws-cli, …) cannot be pulled: Ansible runs end to end in an image built
// from Debian's `ansible` package; the others run their exact commands in Osprey's shell image with
// `containerImage`, which shows the environment, files and commands each plugin's properties become.
const t = useTestExecutor();
const ANSIBLE = "osprey-test/ansible:latest";

beforeAll(async () => {
  await ensureFixtureImage(
    t.deps.docker,
    ANSIBLE,
    `FROM osprey/base:bookworm
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ansible-core python3-pip \\
    && rm -rf /var/lib/apt/lists/*
`,
  );
}, 600_000);

type Run = { taskId: string; state: string; error: string | null; outputs: { vars?: Record<string, unknown> } | null };

describe("CLI plugins", () => {
  it("AnsibleCLI runs a playbook with its ansible.cfg, and outputs by the protocol", async () => {
    const { execution, logs } = await runFlow(
      t.deps,
      `id: ansible
namespace: it.cli
tasks:
  - id: play
    type: io.kestra.plugin.ansible.cli.AnsibleCLI
    containerImage: ${ANSIBLE}
    inputFiles:
      inventory.ini: "localhost ansible_connection=local"
      playbook.yml: |
        - hosts: localhost
          gather_facts: false
          tasks:
            - name: greet
              ansible.builtin.debug:
                msg: "hello from {{ '{{' }} inventory_hostname {{ '}}' }}"
    ansibleConfig: |
      [defaults]
      stdout_callback = default
      nocows = true
    commands:
      - ansible-playbook -i inventory.ini playbook.yml
      - ansible-config dump --only-changed | grep -q DEFAULT_STDOUT_CALLBACK && echo '::{"outputs":{"configured":true}}::'
`,
      t.executor,
    );
    expect(execution.state, JSON.stringify(logs.slice(-20))).toBe(State.SUCCESS);
    expect(logs.some((l) => l.message.includes("hello from localhost"))).toBe(true);
    expect((execution.taskRuns as Run[])[0].outputs?.vars).toEqual({ configured: true });
  });

  it("AwsCLI, GCloudCLI, AzCLI, TerraformCLI and DbtCLI turn their properties into the environment, files and commands Kestra gives", async () => {
    const { execution, logs } = await runFlow(
      t.deps,
      `id: clis
namespace: it.cli
tasks:
  - id: aws
    type: io.kestra.plugin.aws.cli.AwsCLI
    containerImage: osprey/shell:latest
    accessKeyId: AKIA1
    secretKeyId: s3cr3t
    region: eu-west-3
    endpointOverride: http://s3.local:9000
    commands:
      - echo "aws $AWS_ACCESS_KEY_ID $AWS_SECRET_ACCESS_KEY $AWS_DEFAULT_REGION $AWS_ENDPOINT_URL $AWS_DEFAULT_OUTPUT"
  - id: gcloud
    type: io.kestra.plugin.gcp.cli.GCloudCLI
    containerImage: osprey/shell:latest
    projectId: my-project
    serviceAccount: '{"type": "service_account"}'
    commands:
      - echo "gcloud $CLOUDSDK_CORE_PROJECT $(cat "$GOOGLE_APPLICATION_CREDENTIALS")"
  - id: az
    type: io.kestra.plugin.azure.cli.AzCLI
    containerImage: osprey/shell:latest
    username: app-id
    password: pw
    tenant: t-1
    servicePrincipal: true
    beforeCommands:
      - 'az() { echo "az $*"; }'
    commands:
      - az group list
  - id: terraform
    type: io.kestra.plugin.terraform.cli.TerraformCLI
    containerImage: osprey/shell:latest
    allowFailure: true
    commands:
      - "false"
      - echo "not reached as failFast is true"
  - id: dbt
    type: io.kestra.plugin.dbt.cli.DbtCLI
    containerImage: osprey/shell:latest
    projectDir: analytics
    profiles: |
      jaffle:
        target: dev
    beforeCommands:
      - 'dbt() { echo "dbt $*"; mkdir -p target && echo "{}" > target/manifest.json; }'
    commands:
      - dbt build --select orders
      - echo "profiles $DBT_PROFILES_DIR $(head -1 profiles.yml)"
`,
      t.executor,
    );
    const text = logs.map((l) => l.message);
    expect(execution.state, JSON.stringify(text)).toBe(State.WARNING);
    // Plain values here; a real flow gives the keys with secret(), and then they are masked.
    expect(text).toContain("aws AKIA1 s3cr3t eu-west-3 http://s3.local:9000 json");
    expect(text).toContain('gcloud my-project {"type": "service_account"}');
    // Kestra's AzCLI logs in first; the password is a plain value here, shown as given.
    expect(text.filter((m) => m.startsWith("az "))).toEqual([
      "az login -u app-id -p pw --tenant t-1 --service-principal",
      "az group list",
    ]);
    const runs = execution.taskRuns as Run[];
    expect(runs.find((r) => r.taskId === "terraform")?.state).toBe(State.WARNING);
    expect(text).not.toContain("not reached as failFast is true");
    expect(text).toContain("dbt build --select orders --project-dir analytics --log-format json");
    expect(text).toContain("profiles . jaffle:");
    const dbt = runs.find((r) => r.taskId === "dbt") as unknown as { outputs: { outputFiles: Record<string, string> } };
    expect(Object.keys(dbt.outputs.outputFiles)).toEqual(["target/manifest.json"]);
  });
});
