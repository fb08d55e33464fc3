import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { State } from "../../states/states";
import { runFlow } from "../../testing/run-flow";
import { useTestExecutor } from "../../testing/test-executor";
import { saveSettings } from "../../settings/settings";

// Kestra's email tasks on the real engine, sending to SMTP servers this test starts on loopback
// (smtp-server): one plain with a login, one with TLS from the first byte on a throwaway
// self-signed certificate. Each records what arrives, parsed by mailparser.
// The servers are on loopback: allowed here as an admin would (the refusal is tested below).
const t = useTestExecutor({ OSPREY_BASE_URL: "https://osprey.example.com", OSPREY_HTTP_ALLOW_PRIVATE: "true" });
const run = (yaml: string) => runFlow(t.deps, yaml, t.executor);
type Run = { taskId: string; state: string; error: string | null };

interface Received {
  server: "plain" | "tls" | "starttls";
  rcptTo: string[];
  /** Whether the session ran over TLS when the message came. */
  secure: boolean;
  mail: ParsedMail;
}
const received: Received[] = [];
/** Messages held unanswered (a server that stalls), released when the test ends. */
const held: (() => void)[] = [];
const serverErrors: string[] = [];

function smtpServer(server: Received["server"], options: SMTPServerOptions): SMTPServer {
  const smtp = new SMTPServer({
    logger: false,
    ...options,
    onData(stream, session: SMTPServerSession, callback) {
      const rcptTo = session.envelope.rcptTo.map((r) => r.address);
      if (rcptTo.includes("stall@example.com")) {
        stream.resume();
        held.push(() => callback());
        return;
      }
      simpleParser(stream, { skipImageLinks: true })
        .then((mail) => {
          received.push({ server, rcptTo, secure: session.secure, mail });
          callback();
        })
        .catch(callback);
    },
  });
  // A client that refuses the certificate drops the connection: the server reports it, as expected.
  smtp.on("error", (err) => serverErrors.push(err.message));
  return smtp;
}

const plain = smtpServer("plain", {
  secure: false,
  disabledCommands: ["STARTTLS"],
  allowInsecureAuth: true,
  onAuth(auth, _session, callback) {
    if (auth.username === "osprey" && auth.password === "secret") callback(null, { user: auth.username });
    else callback(new Error("Invalid username or password"));
  },
});
let tls: SMTPServer;
let starttls: SMTPServer;
let plainPort = 0;
let tlsPort = 0;
let starttlsPort = 0;
let certDir = "";

const listen = (server: SMTPServer) =>
  new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.server.address() as AddressInfo).port)),
  );

beforeAll(async () => {
  // node:crypto cannot make a certificate: openssl makes a throwaway one for localhost.
  certDir = mkdtempSync(join(tmpdir(), "osprey-mail-"));
  const [key, cert] = [join(certDir, "key.pem"), join(certDir, "cert.pem")];
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { stdio: "ignore" },
  );
  const pair = { key: readFileSync(key), cert: readFileSync(cert) };
  tls = smtpServer("tls", { secure: true, ...pair, authOptional: true });
  // Plain first, STARTTLS offered, only an OAuth2 login (XOAUTH2) accepted.
  starttls = smtpServer("starttls", {
    secure: false,
    ...pair,
    authMethods: ["XOAUTH2"],
    onAuth(auth, _session, callback) {
      if (auth.username === "osprey" && auth.accessToken === "token-1") callback(null, { user: auth.username });
      else callback(new Error("Invalid token"));
    },
  });
  [plainPort, tlsPort, starttlsPort] = await Promise.all([listen(plain), listen(tls), listen(starttls)]);
});
afterAll(async () => {
  for (const release of held) release();
  await Promise.all([plain, tls, starttls].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  rmSync(certDir, { recursive: true, force: true });
});
beforeEach(() => {
  received.length = 0;
});

const plainServer = () => `
    host: 127.0.0.1
    port: ${plainPort}
    transportStrategy: SMTP
    username: osprey
    password: secret`;
const runsOf = (execution: { taskRuns: unknown }) => execution.taskRuns as Run[];
const mailTo = (address: string) => received.find((r) => r.rcptTo.includes(address))!.mail;

describe("mail", () => {
  it("MailSend sends from, `;`-separated to, cc, bcc, reply-to, subject, HTML and text, an attachment's exact bytes and an embedded image; the old name works", async () => {
    const csv = "name,city\nZoë,Zürich\n";
    const { execution } = await run(`id: mail_send
namespace: it.mail
tasks:
  - id: write
    type: io.kestra.plugin.core.storage.Write
    content: ${JSON.stringify(csv)}
    extension: .csv
  - id: logo
    type: io.kestra.plugin.core.storage.Write
    content: "<svg xmlns='http://www.w3.org/2000/svg'/>"
    extension: .svg
  - id: send
    type: io.kestra.plugin.email.MailSend${plainServer()}
    from: "Osprey <osprey@example.com>"
    to: "a@example.com; b@example.com"
    cc: c@example.com
    bcc: [d@example.com]
    replyTo: ops@example.com
    subject: "Report of {{ flow.id }}"
    htmlTextContent: '<p>Report <img src="cid:logo.svg"></p>'
    attachments:
      - name: report.csv
        uri: "{{ outputs.write.uri }}"
        contentType: text/csv
    embeddedImages: '[{"name": "logo.svg", "uri": "{{ outputs.logo.uri }}", "contentType": "image/svg+xml"}]'
  - id: old_name
    type: io.kestra.plugin.notifications.mail.MailSend${plainServer()}
    from: osprey@example.com
    to: [old@example.com]
    plainTextContent: "plain {{ 1 + 1 }}"
`);
    expect(runsOf(execution).map((r) => [r.taskId, r.state, r.error])).toEqual([
      ["write", State.SUCCESS, null],
      ["logo", State.SUCCESS, null],
      ["send", State.SUCCESS, null],
      ["old_name", State.SUCCESS, null],
    ]);
    const sent = received.find((r) => r.rcptTo.includes("a@example.com"))!;
    // bcc is in the envelope only.
    expect(sent.rcptTo).toEqual(["a@example.com", "b@example.com", "c@example.com", "d@example.com"]);
    const mail = sent.mail;
    expect(mail.from?.text).toBe('"Osprey" <osprey@example.com>');
    expect([mail.to, mail.cc].map((a) => [a].flat().flatMap((x) => x!.value.map((v) => v.address)))).toEqual([
      ["a@example.com", "b@example.com"],
      ["c@example.com"],
    ]);
    expect([mail.bcc, mail.replyTo?.text, mail.subject]).toEqual([undefined, "ops@example.com", "Report of mail_send"]);
    expect(mail.headers.get("return-receipt-to")).toBe("ops@example.com");
    expect(mail.html).toBe('<p>Report <img src="cid:logo.svg"></p>');
    expect(mail.text?.trim()).toBe("Please view this email in a modern email client");
    const [report, logo] = ["report.csv", "logo.svg"].map((name) => mail.attachments.find((a) => a.filename === name)!);
    expect([report.filename, report.contentType, report.content.equals(Buffer.from(csv))]).toEqual([
      "report.csv",
      "text/csv",
      true,
    ]);
    expect([logo.filename, logo.cid, logo.related, logo.contentDisposition, logo.contentType]).toEqual([
      "logo.svg",
      "logo.svg",
      true,
      "inline",
      "image/svg+xml",
    ]);
    const old = mailTo("old@example.com");
    expect([old.from?.text, old.text?.trim(), old.html, old.attachments]).toEqual([
      "osprey@example.com",
      "plain 2",
      false,
      [],
    ]);
  });

  it("a refused login, a server without STARTTLS for SMTP_TLS and a missing `to` fail with what went wrong", async () => {
    const { execution } = await run(`id: mail_refused
namespace: it.mail
tasks:
  - id: wrong_password
    type: io.kestra.plugin.email.MailSend
    allowFailure: true
    host: 127.0.0.1
    port: ${plainPort}
    transportStrategy: SMTP
    username: osprey
    password: wrong
    from: osprey@example.com
    to: a@example.com
  - id: no_starttls
    type: io.kestra.plugin.email.MailSend${plainServer().replace("SMTP\n", "SMTP_TLS\n")}
    allowFailure: true
    from: osprey@example.com
    to: a@example.com
  - id: no_to
    type: io.kestra.plugin.email.MailSend${plainServer()}
    allowFailure: true
    from: osprey@example.com
`);
    const runs = runsOf(execution);
    expect(runs.map((r) => r.state)).toEqual([State.WARNING, State.WARNING, State.WARNING]);
    expect(runs[0].error).toBe(
      `sending the email through 127.0.0.1:${plainPort} (SMTP) failed: Invalid login: 535 Invalid username or password`,
    );
    expect(runs[1].error).toMatch(
      new RegExp(`^sending the email through 127\\.0\\.0\\.1:${plainPort} \\(SMTP_TLS\\) failed: .*STARTTLS`),
    );
    expect(runs[2].error).toBe("to is required");
    expect(received).toHaveLength(0);
  });

  it("SMTP is under the address rules and OSPREY_MAIL_HOSTS: a loopback server is refused unless an admin allows it, a host off the admin's list too", async () => {
    const flow = `id: mail_reach\nnamespace: it.mail\ntasks:\n  - id: send\n    type: io.kestra.plugin.email.MailSend${plainServer()}\n    from: osprey@example.com\n    to: reach@example.com\n`;
    const settle = (patch: Record<string, string>) => saveSettings(t.deps.db, t.deps.config, patch, "test");
    try {
      await settle({ OSPREY_HTTP_ALLOW_PRIVATE: "false" });
      const refused = runsOf((await run(flow)).execution)[0];
      expect([refused.state, refused.error]).toEqual([
        State.FAILED,
        "refused to connect to 127.0.0.1: a loopback address, not public; an admin may allow it with OSPREY_HTTP_ALLOW_PRIVATE or OSPREY_HTTP_ALLOWED_NETWORKS",
      ]);
      await settle({ OSPREY_HTTP_ALLOW_PRIVATE: "", OSPREY_MAIL_HOSTS: "smtp.example.com,*.mail.example.com" });
      expect(runsOf((await run(flow)).execution)[0].error).toBe(
        "email may not go to 127.0.0.1: an admin allows only smtp.example.com, *.mail.example.com (OSPREY_MAIL_HOSTS)",
      );
      expect(received).toHaveLength(0);
      await settle({ OSPREY_MAIL_HOSTS: "127.0.0.1" });
      expect(runsOf((await run(flow)).execution)[0].state).toBe(State.SUCCESS);
      expect(received.map((r) => r.rcptTo)).toEqual([["reach@example.com"]]);
    } finally {
      await settle({ OSPREY_HTTP_ALLOW_PRIVATE: "", OSPREY_MAIL_HOSTS: "" });
    }
  });

  it("TLS checks the server's certificate (a self-signed one fails unless verifyServerIdentity is false or its host is trusted); SMTP_OAUTH2 upgrades with STARTTLS and logs in with XOAUTH2", async () => {
    const tlsServer = (extra: string) => `
    host: 127.0.0.1
    port: ${tlsPort}${extra}
    from: osprey@example.com`;
    const { execution } = await run(`id: mail_tls
namespace: it.mail
tasks:
  - id: strict
    type: io.kestra.plugin.email.MailSend${tlsServer("")}
    to: strict@example.com
    allowFailure: true
  - id: unverified
    type: io.kestra.plugin.email.MailSend${tlsServer("\n    verifyServerIdentity: false")}
    to: unverified@example.com
  - id: trusted
    type: io.kestra.plugin.email.MailSend${tlsServer("\n    trustedHosts: [127.0.0.1]\n    transportStrategy: SMTPS")}
    to: trusted@example.com
  - id: oauth2
    type: io.kestra.plugin.email.MailSend
    host: 127.0.0.1
    port: ${starttlsPort}
    transportStrategy: SMTP_OAUTH2
    trustedHosts: 127.0.0.1
    username: osprey
    accessToken: token-1
    from: osprey@example.com
    to: oauth@example.com
`);
    const runs = runsOf(execution);
    expect(runs.map((r) => r.state)).toEqual([State.WARNING, State.SUCCESS, State.SUCCESS, State.SUCCESS]);
    expect(runs[0].error).toMatch(
      /^sending the email through 127\.0\.0\.1:\d+ \(SMTPS\) failed: .*self[- ]signed certificate/,
    );
    expect(received.map((r) => [r.server, r.rcptTo, r.secure])).toEqual([
      ["tls", ["unverified@example.com"], true],
      ["tls", ["trusted@example.com"], true],
      ["starttls", ["oauth@example.com"], true],
    ]);
  });

  it("MailExecution (and its old name) emails the summary of an execution: flow, state, failed task, custom fields, link", async () => {
    const { execution: failed } = await run(`id: nightly
namespace: it.mail
tasks:
  - id: boom
    type: io.kestra.plugin.core.execution.Fail
    errorMessage: broken
`);
    const { execution } = await run(`id: alert
namespace: it.mail
tasks:
  - id: summary
    type: io.kestra.plugin.email.MailExecution${plainServer()}
    from: osprey@example.com
    to: ops@example.com
    executionId: ${failed.id}
    customMessage: "<b>Look</b> at {{ flow.id }}"
    customFields: { Team: data, Owner: "<jane>" }
  - id: old_name
    type: io.kestra.plugin.notifications.mail.MailExecution${plainServer()}
    from: osprey@example.com
    to: self@example.com
    subject: "Custom subject"
`);
    expect(runsOf(execution).map((r) => [r.state, r.error])).toEqual([
      [State.SUCCESS, null],
      [State.SUCCESS, null],
    ]);
    const mail = mailTo("ops@example.com");
    expect(mail.subject).toBe("[it.mail] nightly ➛ FAILED");
    expect(mail.text?.trim()).toBe("Please view this email in a modern email client");
    const html = String(mail.html);
    expect(html).toContain("<title>Flow [it.mail] nightly execution</title>");
    expect(html).toContain('[it.mail] nightly ➛ <span style="color: red;">FAILED</span>');
    expect(html).toContain("&#60;b&#62;Look&#60;/b&#62; at alert");
    expect(html).toMatch(/Failed on task <code>boom<\/code> after \d\d:\d\d:\d\d\.\d{3}/);
    expect(html).toContain(`href="https://osprey.example.com/executions/${failed.id}"`);
    expect(html).toContain(`<strong>Execution :</strong> ${failed.id}</p>`);
    expect(html).toContain("<strong>Final task ID :</strong> boom</p>");
    expect(html).toContain("<strong>Team :</strong> data</p>");
    expect(html).toContain("<strong>Owner :</strong> &#60;jane&#62;</p>");
    // Its own execution, still running: the sending task is not its final task.
    const own = mailTo("self@example.com");
    expect(own.subject).toBe("Custom subject");
    expect(String(own.html)).toContain('[it.mail] alert ➛ <span style="color: red;">RUNNING</span>');
    expect(String(own.html)).toContain("Succeeded after");
    expect(String(own.html)).toContain("<strong>Final task ID :</strong> summary</p>");
  });

  it("a timeout stops a send the server never answers", async () => {
    const started = Date.now();
    const { execution } = await run(`id: mail_stall
namespace: it.mail
tasks:
  - id: stalled
    type: io.kestra.plugin.email.MailSend${plainServer()}
    timeout: PT1S
    sessionTimeout: 60000
    from: osprey@example.com
    to: stall@example.com
`);
    const [stalled] = runsOf(execution);
    expect(stalled.state).toBe(State.FAILED);
    expect(stalled.error).toBe("timed out after PT1S and was killed");
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(held).toHaveLength(1);
    // The send was cancelled, not left waiting its 60 s sessionTimeout: the connection is gone.
    await expect.poll(() => plain.connections.size, { timeout: 5_000 }).toBe(0);
  });
});
