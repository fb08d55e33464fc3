import type { ExecutorDeps } from "../deps/executor-deps";
import type { RenderRequest } from "../template/render-request";

/** Renders a trigger's expressions (conditions, inputs) in a template worker, without secrets. */
export function triggerRenderer(deps: Pick<ExecutorDeps, "templates" | "config">) {
  return {
    text: async (expression: string, variables: Record<string, unknown>) =>
      String((await value(deps, expression, variables)) ?? ""),
    value: <T>(template: T, variables: Record<string, unknown>) => value(deps, template, variables) as Promise<T>,
  };
}

async function value(
  deps: Pick<ExecutorDeps, "templates" | "config">,
  template: unknown,
  variables: Record<string, unknown>,
): Promise<unknown> {
  const vars = {
    execution: { id: "", startDate: new Date().toISOString() },
    inputs: {},
    outputs: {},
    ...variables,
  } as RenderRequest["vars"];
  return (
    await deps.templates.render({ value: template, vars, maxOutputChars: deps.config.OSPREY_TEMPLATE_MAX_OUTPUT_CHARS })
  ).value;
}
