import { State } from "../../states/states";
import { describe, expect, it } from "vitest";
import { durationHMS, executionMap } from "./execution-map";
import { slackMrkdwn, slackPayload, squadcastPayload, telegramText, whatsAppPayload } from "./payloads";

const facts = {
  id: "e1",
  namespace: "team",
  flowId: "nightly",
  state: State.SUCCESS,
  startDate: new Date("2026-01-01T00:00:00Z"),
  endDate: new Date("2026-01-01T01:02:03.004Z"),
  taskRuns: [
    { taskId: "extract", state: State.SUCCESS, error: null },
    { taskId: "notify", state: State.RUNNING, error: null },
  ],
  link: null,
};

describe("notification payloads (Kestra's templates)", () => {
  it("durations read HH:mm:ss.SSS, as Apache Commons' formatDurationHMS", () => {
    expect([durationHMS(0), durationHMS(3_723_004), durationHMS(90_061_001)]).toEqual([
      "00:00:00.000",
      "01:02:03.004",
      "25:01:01.001",
    ]);
  });

  it("the final task is the last one before the notifying task; without a link the title is plain", () => {
    const map = executionMap(facts, { customFields: {} }, new Date(), "notify");
    expect([map.lastTask, map.firstFailed, map.customFields]).toEqual([{ taskId: "extract" }, false, undefined]);
    const slack = slackPayload(map) as { text: string; attachments: { color: string; ts: number }[] };
    expect(slack.text).toBe("*[team] nightly ➛ SUCCESS*\n> Succeeded after 01:02:03.004");
    expect(slack.attachments[0]).toMatchObject({ color: "good", ts: 1767225600 });
    expect(telegramText(map)).toBe(
      '"<team nightly e1 ➛ SUCCESS - Final task ID ➛ extract> Succeeded after 01:02:03.004"',
    );
  });

  it("Squadcast and WhatsApp without a link: plain titles; fields left out when not given", () => {
    const map = executionMap(facts, {}, new Date(), "notify");
    expect(squadcastPayload(map, {})).toEqual({
      description: "*[team] nightly &rarr; SUCCESS*\nFinal task ID: extract\nStatus: Succeeded\nDuration: 01:02:03.004",
    });
    expect(whatsAppPayload(map, { whatsAppIds: ["a"], from: 1, textBody: "hi" })).toEqual({
      contacts: [],
      messages: [{ from: "1", text: { body: "hi" }, type: "text" }],
    });
    const plain = whatsAppPayload(map, {}) as { messages: { text: { body: string[] } }[] };
    expect(plain.messages[0].text.body.at(-1)).toBe("*[team] nightly ➛ SUCCESS*\n> Succeeded after 01:02:03.004");
  });

  it("messageText in Markdown becomes Slack's mrkdwn", () => {
    expect(slackMrkdwn("**bold** and __it__ see [docs](https://x.io/a)")).toBe(
      "*bold* and _it_ see <https://x.io/a|docs>",
    );
  });
});
