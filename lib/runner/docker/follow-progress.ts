import type Docker from "dockerode";
import { engineMessage } from "./docker-error";

/** One event of a pull, push or build stream. A failure arrives as an event with `errorDetail`. */
export interface ProgressEvent {
  id?: string;
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
  progressDetail?: { current?: number };
}

/**
 * Follows a pull, push or build stream to its end: resolves once it ends without a failure event,
 * rejects with `fail(why)` on the first one (dockerode reports those as events, not errors).
 */
export function followProgress(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  fail: (why: string) => Error,
  onEvent?: (event: ProgressEvent) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, events: ProgressEvent[]) => {
        const failed = events?.find((e) => e.error || e.errorDetail);
        if (err || failed) reject(fail(failed?.errorDetail?.message ?? failed?.error ?? engineMessage(err)));
        else resolve();
      },
      onEvent,
    );
  });
}
