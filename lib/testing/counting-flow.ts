/**
 * A flow whose first task prints `n=1` … `n=<count>` from a shell container, one line every
 * `pause` seconds, then a Log task: what the crash, freeze and outage tests cut in the middle, and
 * check every number of afterwards, each once and in order.
 */
export function countingFlow(id: string, namespace: string, count: number, pause = "0.1"): string {
  return `id: ${id}
namespace: ${namespace}
tasks:
  - id: count
    type: io.kestra.plugin.scripts.shell.Commands
    docker: {image: "osprey/shell:latest"}
    commands:
      - for i in $(seq 1 ${count}); do echo "n=$i"; sleep ${pause}; done
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: after the count
`;
}

/** The numbers `countingFlow` prints, as they must all be stored. */
export const countedLines = (count: number) => Array.from({ length: count }, (_, i) => `n=${i + 1}`);
