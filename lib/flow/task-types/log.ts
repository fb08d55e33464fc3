import { z } from "zod";
import { LOG_LEVELS, ZTaskBase } from "./common";

export { LOG_LEVELS, type TLogLevel } from "./common";

export const ZLogTask = z
  .object({
    type: z.literal("io.kestra.plugin.core.log.Log"),
    ...ZTaskBase,
    message: z
      .union([z.string(), z.array(z.string())])
      .describe("Message to log, or a list of messages, each logged on its own line."),
    level: z.enum(LOG_LEVELS).optional().describe("Level of the message. Default INFO."),
  })
  .strict()
  .describe("Write a message to the execution's log. Runs inside the server, no container.");

export interface LogTaskDefinition {
  kind: "log";
  type: "io.kestra.plugin.core.log.Log";
  title: string;
  schema: typeof ZLogTask;
}

export const logTask: LogTaskDefinition = {
  kind: "log",
  type: "io.kestra.plugin.core.log.Log",
  title: "Log",
  schema: ZLogTask,
};
