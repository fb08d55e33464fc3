import { expect, test } from "./fixtures";
import { putFlow, uniqueId } from "./helpers";

interface TriggerContext {
  nextExecutionDate: string | null;
  date: string | null;
  disabled: boolean;
}

test("the Triggers page lists a schedule with its next run; switching it off stops it firing, on starts it again", async ({
  page,
  request,
}) => {
  const id = uniqueId("sched");
  const namespace = "e2e.triggers";
  await putFlow(
    request,
    `id: ${id}\nnamespace: ${namespace}\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: "tick {{ trigger.date }}"\ntriggers:\n  - id: every2s\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "*/2 * * * * *"\n    withSeconds: true\n    timezone: Europe/Paris\n`,
  );
  const state = async () =>
    (await (await request.get(`/api/v1/triggers/${namespace}/${id}/every2s`)).json()) as TriggerContext;
  const executions = async () =>
    (
      (await (await request.get(`/api/v1/executions/search?namespace=${namespace}&flowId=${id}&size=100`)).json()) as {
        total: number;
      }
    ).total;

  await page.goto("/triggers");
  const row = page.getByTestId(`trigger-${namespace}.${id}.every2s`);
  await expect(row).toContainText("Schedule");
  await expect(row).toContainText("*/2 * * * * *");
  await expect(row).toContainText("Europe/Paris");
  await expect(row.getByTestId("next-run")).not.toHaveText("—");

  // It fires on its own: a tick is recorded and executions appear.
  await expect.poll(async () => (await state()).date, { timeout: 30_000 }).not.toBeNull();
  await expect.poll(executions, { timeout: 30_000 }).toBeGreaterThan(0);

  await row.getByRole("switch", { name: `Disable trigger every2s of ${id}` }).click();
  await expect.poll(async () => (await state()).disabled).toBe(true);
  await expect(row.getByRole("switch")).toHaveAttribute("aria-checked", "false");
  await expect(row.getByTestId("next-run")).toHaveText("—");
  const lastTick = (await state()).date;
  const count = await executions();
  // Several ticks' worth of time passes with the trigger off: nothing is claimed, nothing started.
  await page.waitForTimeout(5_000);
  expect((await state()).date).toBe(lastTick);
  expect(await executions()).toBe(count);

  await row.getByRole("switch", { name: `Enable trigger every2s of ${id}` }).click();
  await expect.poll(async () => (await state()).disabled).toBe(false);
  await expect.poll(executions, { timeout: 30_000 }).toBeGreaterThan(count);

  // Stop it for the specs after this one.
  expect(
    (await request.put(`/api/v1/triggers/${namespace}/${id}/every2s`, { data: { disabled: true } })).status(),
  ).toBe(200);
});

test("a backfill from the API runs one execution per past tick", async ({ request }) => {
  const id = uniqueId("backfill");
  const namespace = "e2e.triggers";
  await putFlow(
    request,
    `id: ${id}\nnamespace: ${namespace}\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ trigger.date }}"\ntriggers:\n  - id: daily\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 9 * * *"\n    timezone: UTC\n`,
  );
  const res = await request.post(`/api/v1/triggers/${namespace}/${id}/daily/backfill`, {
    data: { start: "2026-01-01T00:00:00Z", end: "2026-01-03T12:00:00Z", labels: { why: "e2e" } },
  });
  expect(res.status(), await res.text()).toBe(201);
  await expect
    .poll(
      async () =>
        (
          (await (
            await request.get(`/api/v1/executions/search?namespace=${namespace}&flowId=${id}&size=100`)
          ).json()) as { total: number }
        ).total,
      { timeout: 30_000 },
    )
    .toBe(3);
  await expect
    .poll(
      async () =>
        ((await (await request.get(`/api/v1/triggers/${namespace}/${id}/daily`)).json()) as { backfill: unknown })
          .backfill,
    )
    .toBeNull();
});
