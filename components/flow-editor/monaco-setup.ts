"use client";

import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor";

export const FLOW_SCHEMA_URI = "osprey://schemas/flow.json";
/** The flow editor's model path: the flow schema applies to it alone. */
export const FLOW_MODEL_PATH = "flow.yaml";

let environmentSet = false;
let schemaSet = false;

/**
 * Monaco from the app's own bundle (never a CDN: Osprey runs offline) and its workers: all an
 * editor needs to show its text. Called before the first editor mounts.
 */
export function setupMonacoEnvironment(): typeof monaco {
  if (environmentSet) return monaco;
  environmentSet = true;
  window.MonacoEnvironment = {
    getWorker(_moduleId: string, label: string) {
      if (label === "yaml") return new Worker(new URL("monaco-yaml/yaml.worker", import.meta.url), { type: "module" });
      return new Worker(new URL("monaco-editor/esm/vs/editor/editor.worker", import.meta.url), { type: "module" });
    },
  };
  loader.config({ monaco });
  return monaco;
}

/**
 * monaco-yaml fed the flow schema the server generates from its zod schemas: completion, hover and
 * markers. Loaded on its own, so an editor shows its text before the schema arrives.
 */
export function setupMonaco(schema: Record<string, unknown>): typeof monaco {
  setupMonacoEnvironment();
  if (schemaSet) return monaco;
  schemaSet = true;
  void import("monaco-yaml").then(({ configureMonacoYaml }) =>
    configureMonacoYaml(monaco, {
      enableSchemaRequest: false,
      hover: true,
      completion: true,
      validate: true,
      // Only the flow editor's model (path "flow.yaml"): a YAML namespace file open in the Files tab
      // is not a flow, and must not be marked against the flow schema.
      schemas: [{ uri: FLOW_SCHEMA_URI, fileMatch: [FLOW_MODEL_PATH], schema: schema as never }],
    }),
  );
  return monaco;
}
