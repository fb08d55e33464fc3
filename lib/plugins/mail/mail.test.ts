import { describe, expect, it } from "vitest";
import { State } from "../../states/states";
import { executionMap } from "../notifications/execution-map";
import { addressList } from "./addresses";
import { attachmentList } from "./attachments";
import { escapeHtml, executionEmailHtml, executionSubject } from "./execution-email";
import { MAIL_RUNNERS } from "./mail-runners";
import { MAIL_SCHEMAS } from "./mail-schemas";
import { smtpOptions } from "./smtp-options";

describe("mail: types", () => {
  it("MailSend and MailExecution, each with its old name and its run", () => {
    expect(MAIL_SCHEMAS.map((s) => [s.type, s.aliases])).toEqual([
      ["io.kestra.plugin.email.MailSend", ["io.kestra.plugin.notifications.mail.MailSend"]],
      ["io.kestra.plugin.email.MailExecution", ["io.kestra.plugin.notifications.mail.MailExecution"]],
    ]);
    expect(Object.keys(MAIL_RUNNERS)).toEqual(MAIL_SCHEMAS.map((s) => s.type));
  });
});

describe("mail: addresses", () => {
  it("splits on `;` (and `,`) after an address, keeps a display name's comma, accepts a list", () => {
    expect(addressList("a@x.io; b@y.io ;c@z.io", "to")).toEqual(["a@x.io", "b@y.io", "c@z.io"]);
    expect(addressList('"Doe, Jane" <jane@x.io>, bob@y.io;', "to")).toEqual(['"Doe, Jane" <jane@x.io>', "bob@y.io"]);
    expect(addressList(["a@x.io", "b@y.io;c@z.io"], "cc")).toEqual(["a@x.io", "b@y.io", "c@z.io"]);
    expect(addressList(undefined, "cc")).toEqual([]);
  });

  it("names the property and the address that is not one", () => {
    expect(() => addressList("a@x.io; bob", "to")).toThrow('to: "bob" is not an email address');
  });
});

describe("mail: attachments and embedded images", () => {
  const file = { name: "a.csv", uri: "kestra:///f/a.csv", contentType: "text/csv" };

  it("takes a list, its JSON text, one object's JSON or a JSON string holding it; contentType defaults", () => {
    const plain = { name: "b.bin", uri: "kestra:///f/b.bin", contentType: "application/octet-stream" };
    expect(attachmentList([file, { name: "b.bin", uri: "kestra:///f/b.bin" }], "attachments")).toEqual([file, plain]);
    expect(attachmentList(JSON.stringify([file]), "attachments")).toEqual([file]);
    expect(attachmentList(` ${JSON.stringify(file)} `, "attachments")).toEqual([file]);
    expect(attachmentList(JSON.stringify(JSON.stringify([file])), "attachments")).toEqual([file]);
    expect([attachmentList("", "attachments"), attachmentList(null, "attachments")]).toEqual([[], []]);
  });

  it("says which entry lacks what, and when the text is not JSON", () => {
    expect(() => attachmentList([file, { name: "x" }], "embeddedImages")).toThrow("embeddedImages[1].uri is required");
    expect(() => attachmentList("not json", "attachments")).toThrow(/^attachments is neither a list nor valid JSON/);
  });
});

describe("mail: SMTP options", () => {
  it("SMTPS by default on 465; each strategy's port and TLS; sessionTimeout on every wait", () => {
    const { options, label } = smtpOptions({ host: "mail.x.io", username: "u", password: " p " });
    expect(options).toMatchObject({ port: 465, secure: true, requireTLS: false, auth: { user: "u", pass: " p " } });
    expect([options.connectionTimeout, options.greetingTimeout, options.socketTimeout]).toEqual([10000, 10000, 10000]);
    expect(label).toBe("mail.x.io:465 (SMTPS)");
    expect(smtpOptions({ host: "h", transportStrategy: "SMTP" }).options).toMatchObject({ port: 25, secure: false });
    expect(smtpOptions({ host: "h", transportStrategy: "smtp_tls", port: "2525" }).options).toMatchObject({
      port: 2525,
      requireTLS: true,
      auth: undefined,
    });
  });

  it("checks certificates unless verifyServerIdentity is false or the host is trusted", () => {
    const reject = (props: Record<string, unknown>) =>
      (smtpOptions({ host: "Mail.Local", ...props }).options.tls as { rejectUnauthorized: boolean }).rejectUnauthorized;
    expect(reject({})).toBe(true);
    expect(reject({ verifyServerIdentity: "false" })).toBe(false);
    expect(reject({ trustedHosts: ["other", "mail.local"] })).toBe(false);
    expect(reject({ trustedHosts: '["other"]' })).toBe(true);
  });

  it("SMTP_OAUTH2 logs in with XOAUTH2: the access token, else the password", () => {
    expect(
      smtpOptions({ host: "h", transportStrategy: "SMTP_OAUTH2", username: "u", accessToken: "t" }).options.auth,
    ).toEqual({ type: "OAuth2", user: "u", accessToken: "t" });
    expect(
      smtpOptions({ host: "h", transportStrategy: "SMTP_OAUTH2", username: "u", password: "p" }).options.auth,
    ).toMatchObject({ accessToken: "p" });
    expect(() => smtpOptions({ host: "h", transportStrategy: "SMTP_OAUTH2" })).toThrow(
      "When using SMTP_OAUTH2, either 'accessToken' or 'password' must be provided",
    );
  });

  it("refuses a missing host, an unknown strategy, a bad port", () => {
    expect(() => smtpOptions({})).toThrow("host is required");
    expect(() => smtpOptions({ host: "h", transportStrategy: "POP3" })).toThrow(/^transportStrategy must be one of/);
    expect(() => smtpOptions({ host: "h", port: 70000 })).toThrow("port must be 1 to 65535, got 70000");
  });
});

describe("mail: MailExecution's body", () => {
  const facts = {
    id: "e1",
    namespace: "team",
    flowId: "<b>nightly</b>",
    state: State.FAILED,
    startDate: new Date("2026-01-01T00:00:00Z"),
    endDate: new Date("2026-01-01T00:00:01.5Z"),
    taskRuns: [
      { taskId: "extract", state: State.FAILED, error: "boom" },
      { taskId: "mail", state: State.RUNNING, error: null },
    ],
    link: "https://osprey.example.com/executions/e1?a=1&b=2",
  };

  it("escapes every value; colours the state; lists the facts, the final task and the custom fields", () => {
    const map = executionMap(
      facts,
      { customMessage: "Look & see", customFields: { Team: "<data>", n: 3 } },
      new Date(),
      "mail",
    );
    const html = executionEmailHtml(map);
    expect(html).not.toContain("<b>nightly</b>");
    expect(html).toContain("<title>Flow [team] &#60;b&#62;nightly&#60;/b&#62; execution</title>");
    expect(html).toContain('<span style="color: red;">FAILED</span>');
    expect(html).toContain("Look &#38; see");
    expect(html).toContain("Failed on task <code>extract</code> after 00:00:01.500");
    expect(html).toContain('href="https://osprey.example.com/executions/e1?a=1&#38;b=2"');
    expect(html).toContain("<strong>Final task ID :</strong> extract</p>");
    expect(html).toContain("<strong>Team :</strong> &#60;data&#62;</p>");
    expect(html).toContain("<strong>n :</strong> 3</p>");
    expect(executionSubject(map)).toBe("[team] <b>nightly</b> ➛ FAILED");
  });

  it("a success is green, without a link no button", () => {
    const ok = {
      ...facts,
      state: State.SUCCESS,
      link: null,
      taskRuns: [{ taskId: "a", state: State.SUCCESS, error: null }],
    };
    const html = executionEmailHtml(executionMap(ok, {}, new Date()));
    expect(html).toContain('<span style="color: green;">SUCCESS</span>');
    expect(html).toContain("Succeeded after");
    expect(html).not.toContain("See details");
    expect(escapeHtml(`'"`)).toBe("&#39;&#34;");
  });
});
