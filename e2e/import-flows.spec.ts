import { strToU8, zipSync } from "fflate";
import { expect, test } from "./fixtures";
import { uniqueId } from "./helpers";

test("the Import page uploads a ZIP of flows and shows each flow's result", async ({ page, request }) => {
  const ns = `e2e.import.${uniqueId("ns")}`;
  const zip = zipSync({
    "team/a.yml": strToU8(
      `id: first\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.core.tasks.log.Log\n    message: old type name\n`,
    ),
    "team/b.yaml": strToU8(
      `id: second\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.Return\n    format: ok\n`,
    ),
    "team/c.yml": strToU8(
      `id: third\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.aws.dynamodb.PutItem\n`,
    ),
  });
  await page.goto("/flows");
  await page.getByRole("link", { name: "Import" }).click();
  await expect(page).toHaveURL(/\/flows\/import$/);
  await page
    .getByLabel("Flows to import")
    .setInputFiles({ name: "flows.zip", mimeType: "application/zip", buffer: Buffer.from(zip) });
  await expect(page.getByTestId("import-summary")).toHaveText("2 of 3 flows imported");
  await expect(page.locator('[data-import-file="team/a.yml"]')).toContainText(`${ns}.first (rev 1)`);
  await expect(page.locator('[data-import-file="team/c.yml"]')).toContainText("line 5");
  await expect(page.locator('[data-import-file="team/c.yml"]')).toContainText("not available in Osprey");
  // Saved as written: the old type name is still in the source.
  const source = await (await request.get(`/api/v1/flows/${ns}/first?source=true`)).text();
  expect(source).toContain("io.kestra.core.tasks.log.Log");
  await page.locator('[data-import-file="team/b.yaml"]').getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/flows/${ns}/second$`));
});
