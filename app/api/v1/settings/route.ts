import { config } from "@/lib/config";
import { getDb } from "@/lib/db/db";
import { handleRoute } from "@/lib/http/handle-route";
import { readJsonBody } from "@/lib/http/read-json-body";
import { effectiveConfig, saveSettings, settingsView, ZSettingsPatch } from "@/lib/settings/settings";

export const dynamic = "force-dynamic";

/** GET /api/v1/settings — the container rules in force (a server-wide viewer or above; a namespace grant alone is not enough). */
export const GET = handleRoute("settings:read", async () =>
  Response.json(settingsView(await effectiveConfig(await getDb(), config))),
);

/** PUT — `{"OSPREY_DEFAULT_MEMORY": "2Gb", …}` as text; "" returns a setting to the environment's value. */
export const PUT = handleRoute("settings:write", async (request, _context, actor) => {
  const patch = ZSettingsPatch.parse(await readJsonBody(request));
  return Response.json(settingsView(await saveSettings(await getDb(), config, patch, actor.email)));
});
