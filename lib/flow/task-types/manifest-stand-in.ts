import { z } from "zod";
import { ZId } from "./common";

/** The one type every manifest task is validated as inside the flow schema (see lib/flow/manifest-tasks.ts);
 *  never written in a flow, never offered by the editor. */
export const MANIFEST_STAND_IN = "io.osprey.internal.ManifestTask";

export const ZManifestStandIn = z.object({ type: z.literal(MANIFEST_STAND_IN), id: ZId }).passthrough();
