import type { RenderRequest } from "../template/render-request";
import type { SecretMasker } from "../secrets/secret-masker";
import type { PollDeps } from "./poll-types";

/**
 * Renders a polling trigger's own properties in a template worker, with the namespace's secrets when
 * the trigger asks for one (`password: "{{ secret('PG_PASSWORD') }}"`, as Kestra's examples write it).
 * Every secret a render read is added to `masker`, so a message that repeats it is logged masked.
 */
export function pollRenderer(
  deps: PollDeps,
  flow: { namespace: string; id: string; revision: number },
  masker: SecretMasker,
) {
  let secrets: Promise<Record<string, string> | undefined> | undefined;
  const secretsFor = (value: unknown) => {
    if (!JSON.stringify(value ?? null).includes("secret(")) return Promise.resolve(undefined);
    secrets ??= deps.secrets
      ? deps.secrets.resolveAll(flow.namespace).then((all) => Object.fromEntries(all))
      : Promise.reject(new Error("secret() is not available to triggers of this scheduler (started without secrets)"));
    return secrets;
  };
  return async <T>(value: T): Promise<T> => {
    const vars = {
      execution: { id: "", startDate: new Date().toISOString() },
      inputs: {},
      outputs: {},
      flow,
    } as RenderRequest["vars"];
    const given = await secretsFor(value);
    const result = await deps.templates.render({
      value,
      vars,
      secrets: given,
      maxOutputChars: deps.config.OSPREY_TEMPLATE_MAX_OUTPUT_CHARS,
    });
    for (const name of result.usedSecrets) if (given?.[name] !== undefined) masker.add(given[name]);
    return result.value as T;
  };
}
