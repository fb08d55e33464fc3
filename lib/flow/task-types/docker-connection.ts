import { z } from "zod";
import { ZCredentials } from "./common";

/** Kestra's AbstractDocker: the engine, and how to log in to a registry (every Docker task has them). */
export const dockerConnectionShape = {
  host: z
    .string()
    .optional()
    .describe(
      "Docker engine to act on. Default: the server's. Any other engine must be listed by an admin in OSPREY_ALLOWED_DOCKER_HOSTS.",
    ),
  config: z
    .union([z.string(), z.record(z.string(), z.unknown())])
    .optional()
    .describe("A Docker config.json (as text or a map); its `auths` authenticate pulls and pushes."),
  credentials: ZCredentials.optional(),
};
