import { z } from "zod";

/**
 * Kestra's ExecutionKind, as stored in Execution.kind: NORMAL for every run but one the editor's
 * playground makes (PLAYGROUND, lib/playground). Playground runs are kept apart: lists, search,
 * dashboards, totals, Flow triggers and concurrency limits all leave them out.
 */
export const ExecutionKind = { NORMAL: "NORMAL", PLAYGROUND: "PLAYGROUND" } as const;
export const ZExecutionKind = z.enum([ExecutionKind.NORMAL, ExecutionKind.PLAYGROUND]);
export type TExecutionKind = z.infer<typeof ZExecutionKind>;

/** The part of an execution query that leaves playground runs out: spread it into a `where`. */
export const notPlayground = { kind: { not: ExecutionKind.PLAYGROUND } } as const;

/** The part of an execution query that keeps only playground runs. */
export const onlyPlayground = { kind: ExecutionKind.PLAYGROUND } as const;
