import { z } from "zod";
import type { PluginTriggerSchema } from "../../plugin-kit/plugin-trigger";
import { ZDuration } from "../../plugin-kit/props";
import { listShape, maxFiles, oneOf, ZAction, ZObjectRef } from "./aws-schemas";

// Kestra's io.kestra.plugin.aws.s3.Trigger: every `interval` it lists a bucket as the List task does,
// downloads what it found into internal storage, then MOVEs, DELETEs or leaves (NONE) it. Client-safe.

export const S3_TRIGGER = "io.kestra.plugin.aws.s3.Trigger";

export const AWS_TRIGGER_SCHEMAS: readonly PluginTriggerSchema[] = [
  {
    type: S3_TRIGGER,
    aliases: [],
    title: "Wait for files on an S3 bucket",
    description:
      "Lists a bucket every `interval` (default 60 seconds) by prefix, regexp and filter, downloads the objects found into internal storage and starts the flow with them as `trigger.objects` (key, uri, etag, size, lastModified…), then moves (`action: MOVE`, to `moveTo`) or deletes (`DELETE`) them so the next poll does not find them again. With `NONE` (the default) they stay, and every poll finds them again: this trigger keeps no state of what it saw.",
    shape: {
      ...listShape,
      maxFiles,
      action: ZAction,
      moveTo: ZObjectRef.optional().describe(
        "With MOVE: the folder (key) the objects go to, and its bucket (default the trigger's).",
      ),
      on: oneOf(["CREATE", "UPDATE", "CREATE_OR_UPDATE"] as const)
        .optional()
        .describe(
          "Kestra's change filter over its saved state. No state is kept here, so every object found is new (CREATE): CREATE and CREATE_OR_UPDATE (the default) behave alike, UPDATE is refused.",
        ),
      stateKey: z
        .string()
        .optional()
        .describe("Kestra's key for its saved state: refused here (no state is kept; use MOVE or DELETE)."),
      stateTtl: ZDuration.optional().describe(
        "Kestra's lifetime of its saved state: refused here (no state is kept; use MOVE or DELETE).",
      ),
    },
    interval: "PT60S",
  },
];
