import "server-only";
import { config } from "../config";
import { type TemplateRenderer, templateRendererFor } from "./template-renderer";

// One pool of template workers per server process, kept across hot reloads (STYLE habit 3).
const globalForTemplates = globalThis as unknown as { __ospreyTemplates?: TemplateRenderer };

export function getTemplateRenderer(): TemplateRenderer {
  globalForTemplates.__ospreyTemplates ??= templateRendererFor(config);
  return globalForTemplates.__ospreyTemplates;
}
