import type { DashboardStats } from "@/lib/stats/dashboard-stats";

/** What JSON makes of a server value: dates arrive as ISO strings. */
type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/** GET /api/v1/stats/dashboard, as the browser receives it. */
export type DashboardData = Jsonified<DashboardStats>;
export type StatsRange = DashboardData["range"];
