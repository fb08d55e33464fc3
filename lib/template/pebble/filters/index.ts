import type { PebbleFilter } from "../context";
import { COLLECTION_FILTERS } from "./collections";
import { DATA_FILTERS } from "./data";
import { DATE_FILTERS } from "./dates";
import { STRING_FILTERS } from "./strings";

/** Pebble core filters as Kestra configures them, plus Kestra's own (Extension.getFilters). */
export const FILTERS: Record<string, PebbleFilter> = Object.assign(
  Object.create(null) as Record<string, PebbleFilter>,
  {
    ...STRING_FILTERS,
    ...COLLECTION_FILTERS,
    ...DATA_FILTERS,
    ...DATE_FILTERS,
  },
);
