import { z } from "zod";
import { EDITABLE_SETTINGS, type EditableSetting, parseSetting, type TConfig } from "../config";
import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { hostPolicy } from "../runner/host-policy";

/** The configuration with an admin's stored changes applied over the environment's values. */
export async function effectiveConfig(db: Db, base: TConfig): Promise<TConfig> {
  const rows = await db.setting.findMany();
  const merged: TConfig = { ...base };
  for (const row of rows) {
    if (!(EDITABLE_SETTINGS as readonly string[]).includes(row.key)) continue;
    const key = row.key as EditableSetting;
    // A stored value that no longer parses (the rules changed) falls back to the environment's.
    try {
      (merged as Record<EditableSetting, unknown>)[key] = parseSetting(key, row.value);
    } catch (err) {
      console.warn(`[osprey] ignoring stored setting ${key}:`, (err as Error).message);
    }
  }
  return merged;
}

export const ZSettingsPatch = z.partialRecord(z.enum(EDITABLE_SETTINGS), z.string().max(2000));

/**
 * Stores an admin's changes, each value text as in the environment; an empty value goes back to
 * the environment's. Every value is checked (as the server would read it) before any is stored.
 */
export async function saveSettings(
  db: Db,
  base: TConfig,
  patch: z.infer<typeof ZSettingsPatch>,
  by: string,
): Promise<TConfig> {
  const entries = (Object.entries(patch) as [EditableSetting, string][]).map(
    ([key, value]) => [key, value.trim()] as const,
  );
  const candidate: TConfig = { ...(await effectiveConfig(db, base)) };
  for (const [key, value] of entries) {
    const problem = { path: key, message: `${key}: "${value}" is not a valid value` };
    try {
      (candidate as Record<EditableSetting, unknown>)[key] = value === "" ? base[key] : parseSetting(key, value);
      hostPolicy(candidate); // sizes such as the memory limit are read here
    } catch {
      throw new AppError("BAD_REQUEST", problem.message, [problem]);
    }
  }
  await db.$transaction(
    entries.map(([key, value]) =>
      value === ""
        ? db.setting.deleteMany({ where: { key } })
        : db.setting.upsert({
            where: { key },
            create: { key, value, updatedBy: by },
            update: { value, updatedBy: by },
          }),
    ),
  );
  return candidate;
}

/** The editable settings as they stand, each as the text an admin would type. */
export function settingsView(config: TConfig): Record<EditableSetting, string> {
  return Object.fromEntries(
    EDITABLE_SETTINGS.map((key) => {
      const value = config[key];
      return [key, value === undefined ? "" : String(value)];
    }),
  ) as Record<EditableSetting, string>;
}
