import { listExamples } from "@/lib/examples/example-catalog";
import { ZExampleSearch } from "@/lib/examples/search-examples";
import { handleRoute } from "@/lib/http/handle-route";
import { queryOf } from "@/lib/values/paging";

export const dynamic = "force-dynamic";

/** GET ?q=&tag= — the examples gallery: `{results: [{id, title, description, tags}], total, tags}`. */
export const GET = handleRoute("signedIn", async (request) =>
  Response.json(listExamples(ZExampleSearch.parse(queryOf(request)))),
);
