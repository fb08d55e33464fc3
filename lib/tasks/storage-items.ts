import { ERROR_OR_NULL_BEHAVIORS, FILTER_TYPES } from "../flow/task-types/storage";
import { isTruthy } from "../engine/truth";
import { State } from "../states/states";
import type { CoreTaskRunner } from "./core-tasks";
import { itemOf, itemRenderer, linesOf, renderHitALimit, storeStreamed } from "./storage-items-io";

const STORAGE = "io.kestra.plugin.core.storage";
export const DEDUPLICATE_ITEMS = `${STORAGE}.DeduplicateItems`;
export const FILTER_ITEMS = `${STORAGE}.FilterItems`;

/**
 * The property each one renders per item, against the item: left out of the render before the
 * task runs (propertiesRenderedFirst), as Kestra does not render it then either.
 */
export const PER_ITEM_EXPRESSION: Record<string, string> = {
  [DEDUPLICATE_ITEMS]: "expr",
  [FILTER_ITEMS]: "filterCondition",
};

function choice<T extends string>(value: unknown, allowed: readonly T[], name: string, fallback: T): T {
  if (value === undefined || value === null) return fallback;
  const text = String(value).trim().toUpperCase();
  if (!(allowed as readonly string[]).includes(text))
    throw new Error(`${name} must be one of ${allowed.join(", ")}, got "${String(value)}"`);
  return text as T;
}

/**
 * DeduplicateItems: keeps the last item of each key (`expr`), in file order. Two passes over the
 * file as Kestra's: the first finds each key's last line, the second copies those lines; only the
 * last line numbers are held in memory, so the expression is rendered once per item.
 */
const deduplicateItems: CoreTaskRunner = async (ctx, task) => {
  const from = String(task.from);
  const render = await itemRenderer(ctx, String(task.expr));
  const lastLineOf = new Map<string, number>();
  let line = 0;
  for await (const text of linesOf(ctx, from)) {
    lastLineOf.set(await render(itemOf(text, line + 1, from)), line);
    line++;
  }
  const kept = new Set(lastLineOf.values());
  let processedItemsTotal = 0;
  async function* lastOccurrences(): AsyncGenerator<Buffer> {
    for await (const text of linesOf(ctx, from)) {
      if (kept.has(processedItemsTotal)) yield Buffer.from(`${text}\n`);
      processedItemsTotal++;
    }
  }
  const uri = await storeStreamed(ctx, "deduplicated.ion", lastOccurrences());
  return {
    state: State.SUCCESS,
    outputs: {
      uri,
      numKeys: lastLineOf.size,
      processedItemsTotal,
      droppedItemsTotal: processedItemsTotal - kept.size,
    },
  };
};

/**
 * FilterItems: keeps (INCLUDE) or drops (EXCLUDE) the items whose `filterCondition` renders true
 * (Kestra's truth: false, 0, -0 and empty are false). An item the condition fails on is handled by
 * `errorOrNullBehavior`, but a render that hits a template limit always fails the task.
 */
const filterItems: CoreTaskRunner = async (ctx, task) => {
  const from = String(task.from);
  const condition = String(task.filterCondition);
  const filterType = choice(task.filterType, FILTER_TYPES, "filterType", "INCLUDE");
  const onError = choice(task.errorOrNullBehavior, ERROR_OR_NULL_BEHAVIORS, "errorOrNullBehavior", "FAIL");
  const render = await itemRenderer(ctx, condition);
  let processedItemsTotal = 0;
  let droppedItemsTotal = 0;
  async function* matching(): AsyncGenerator<Buffer> {
    for await (const text of linesOf(ctx, from)) {
      // A line that is not an item fails the task whatever errorOrNullBehavior says, as in Kestra.
      const item = itemOf(text, processedItemsTotal + 1, from);
      let include: boolean;
      try {
        include = isTruthy((await render(item)).trim()) === (filterType === "INCLUDE");
      } catch (err) {
        if (onError === "FAIL" || renderHitALimit(err)) throw err;
        include = onError === "INCLUDE";
      }
      processedItemsTotal++;
      if (include) yield Buffer.from(`${text}\n`);
      else droppedItemsTotal++;
    }
  }
  const uri = await storeStreamed(ctx, "filtered.ion", matching());
  return { state: State.SUCCESS, outputs: { uri, processedItemsTotal, droppedItemsTotal } };
};

const RUNNERS: Record<string, CoreTaskRunner> = {
  [DEDUPLICATE_ITEMS]: deduplicateItems,
  [FILTER_ITEMS]: filterItems,
};

/** DeduplicateItems' or FilterItems' runner, given `written` (the task as in the flow) for its per-item expression. */
export function storageItemsRunner(
  type: string,
  written: Record<string, unknown> | undefined,
): CoreTaskRunner | undefined {
  const run = RUNNERS[type];
  const property = PER_ITEM_EXPRESSION[type];
  if (!run || !property) return undefined;
  return (ctx, task) => run(ctx, { ...task, [property]: written?.[property] });
}
