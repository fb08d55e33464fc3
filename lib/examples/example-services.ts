import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

// For the examples' integration test only: the services the examples talk to, started on this
// machine, each recording what it received so the test checks it arrived.

export interface HttpReceiver {
  base: string;
  received: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[];
  close(): Promise<void>;
}

/** An HTTP server answering like the APIs the examples call: `/users` a JSON array, anything else `{"ok": true}`. */
export async function startHttpReceiver(): Promise<HttpReceiver> {
  const received: HttpReceiver["received"] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => {
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      res.writeHead(200, { "Content-Type": "application/json" });
      if (req.url === "/users")
        res.end(JSON.stringify([1, 2, 3].map((id) => ({ id, name: `user ${id}`, email: `u${id}@example.com` }))));
      else res.end(JSON.stringify({ ok: true, path: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface SmtpReceiver {
  port: number;
  received: ParsedMail[];
  close(): Promise<void>;
}

/** A plain SMTP server on loopback that accepts one login and keeps each message, parsed. */
export async function startSmtpReceiver(user: string, password: string): Promise<SmtpReceiver> {
  const received: ParsedMail[] = [];
  const smtp = new SMTPServer({
    logger: false,
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  const port = await new Promise<number>((resolve) =>
    smtp.listen(0, "127.0.0.1", () => resolve((smtp.server.address() as AddressInfo).port)),
  );
  return { port, received, close: () => new Promise((resolve) => smtp.close(() => resolve())) };
}
