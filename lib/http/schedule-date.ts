import { AppError } from "../errors/app-error";

/** Kestra's `?scheduleDate=` (an ISO date-time with its offset): when the run may start. */
export function scheduleDateOf(request: Request): Date | undefined {
  const given = new URL(request.url).searchParams.get("scheduleDate");
  if (given === null || given === "") return undefined;
  const date = new Date(given);
  if (!/\d{4}-\d{2}-\d{2}T/.test(given) || Number.isNaN(date.getTime()))
    throw new AppError(
      "BAD_REQUEST",
      `scheduleDate must be an ISO date-time such as 2026-12-24T18:00:00+01:00, not "${given}"`,
    );
  return date;
}
