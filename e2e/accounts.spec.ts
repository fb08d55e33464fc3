import type { Browser, Page } from "@playwright/test";
import { TEST_PASSWORD } from "../lib/testing/accounts";
import { ROLE_EMAILS } from "./global-setup";
import { authHeaders, expect, test } from "./fixtures";
import { putFlow, startRun, uniqueId } from "./helpers";

/** A browser with no session, signed in through the sign-in page. */
async function signInAs(browser: Browser, email: string, password = TEST_PASSWORD, path = "/flows"): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(path);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("whoami")).toContainText(email);
  return page;
}

test("the sign-in page refuses a wrong password, then lets the right one in and back to where it was going", async ({
  browser,
}) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/executions");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fexecutions/);
  await page.getByLabel("Email").fill(ROLE_EMAILS.editor);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("sign-in").getByRole("alert")).toHaveText("Wrong email or password.");
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/executions$/);
  await expect(page.getByTestId("whoami")).toContainText("(editor)");
  const cookie = (await context.cookies()).find((c) => c.name.includes("session_token"));
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/flows");
  await expect(page).toHaveURL(/\/sign-in/);
  await context.close();
});

test("a viewer reads but cannot change: read-only editor, no kill, no secrets", async ({ browser, request }) => {
  const flow = await putFlow(
    request,
    `id: ${uniqueId("ro")}\nnamespace: e2e.roles\ntasks:\n  - id: wait\n    type: io.kestra.plugin.scripts.shell.Commands\n    docker:\n      image: osprey/shell:latest\n    commands: ["sleep 20"]\n`,
  );
  const run = await request.post(`/api/v1/executions/${flow.namespace}/${flow.id}`);
  const executionId = ((await run.json()) as { id: string }).id;

  const page = await signInAs(browser, ROLE_EMAILS.viewer);
  await page.goto(`/flows/${flow.namespace}/${flow.id}`);
  await expect(page.locator(".monaco-editor")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save" })).toBeDisabled();
  await expect(page.getByRole("button", { name: /Run/ })).toBeDisabled();
  await page.goto(`/executions/${executionId}`);
  await expect(page.getByTestId("execution-state")).toHaveText("RUNNING");
  await expect(page.getByRole("button", { name: /Kill/ })).toHaveCount(0);
  await page.goto("/secrets");
  await expect(page.getByText("Secrets are managed by editors and admins")).toBeVisible();
  await page.goto("/users");
  await expect(page.getByText("Only admins manage users.")).toBeVisible();
  await page.context().close();
  await request.delete(`/api/v1/executions/${executionId}/kill`);
});

test("who saved a revision and who started and killed an execution is recorded and shown", async ({
  browser,
  request,
}) => {
  const page = await signInAs(browser, ROLE_EMAILS.editor);
  const flowId = uniqueId("audit");
  const yaml = `id: ${flowId}\nnamespace: e2e.audit\ntasks:\n  - id: wait\n    type: io.kestra.plugin.scripts.shell.Commands\n    docker:\n      image: osprey/shell:latest\n    commands: ["sleep 30"]\n`;
  // The editor saves and runs from their own browser session (cookie and Origin, as the pages send).
  const save = await page.request.post("/api/v1/flows", {
    data: yaml,
    headers: { "Content-Type": "application/x-yaml", Origin: new URL(page.url()).origin },
  });
  expect(save.status()).toBe(201);
  await page.goto(`/flows/e2e.audit/${flowId}`);
  await expect(page.getByTestId("saved-by")).toHaveText(`saved by ${ROLE_EMAILS.editor}`);
  await page.getByRole("button", { name: /Run/ }).click();
  await expect(page.getByTestId("started-by")).toHaveText(`started by ${ROLE_EMAILS.editor}`);
  const executionId = page.url().split("/").pop()!;
  // The admin kills it with their API token.
  expect((await request.delete(`/api/v1/executions/${executionId}/kill`)).status()).toBe(202);
  await expect(page.getByTestId("execution-state")).toHaveText("KILLED");
  await page.reload();
  await expect(page.getByTestId("killed-by")).toHaveText(`killed by ${ROLE_EMAILS.admin}`);
  const stored = (await (await request.get(`/api/v1/executions/${executionId}`)).json()) as {
    startedBy: string;
    killedBy: string;
  };
  expect(stored).toMatchObject({ startedBy: ROLE_EMAILS.editor, killedBy: ROLE_EMAILS.admin });
  await page.context().close();
});

test("an admin adds a user who can then sign in; a locked user cannot", async ({ page, browser }) => {
  const email = `${uniqueId("new")}@osprey.test`;
  await page.goto("/users");
  const form = page.getByTestId("new-user");
  await form.getByPlaceholder("email").fill(email);
  await form.getByPlaceholder("name").fill("New Person");
  await form.locator("select").selectOption("editor");
  await form.getByPlaceholder(/password/).fill(TEST_PASSWORD);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("status")).toHaveText(`Made ${email}`);
  const newcomer = await signInAs(browser, email);
  await expect(newcomer.getByTestId("whoami")).toContainText("(editor)");

  await page.locator(`tr[data-email="${email}"]`).getByRole("button", { name: "Lock" }).click();
  await expect(page.locator(`tr[data-email="${email}"]`)).toContainText("locked");
  // Locking ends the session at once.
  await newcomer.goto("/flows");
  await expect(newcomer).toHaveURL(/\/sign-in/);
  await newcomer.context().close();
});

test("an API token is shown once, works as a Bearer token, and stops working when revoked", async ({
  page,
  baseURL,
}) => {
  await page.goto("/account");
  await page
    .getByTestId("new-token")
    .getByPlaceholder(/what it is for/)
    .fill("e2e ci job");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("fresh-token").textContent())!;
  expect(token).toMatch(/^osp_/);
  const me = await fetch(`${baseURL}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  expect(me.status).toBe(200);
  expect(((await me.json()) as { via: string }).via).toBe("token");
  // Listed by name and prefix only: the token itself never comes back.
  const listed = await (await fetch(`${baseURL}/api/v1/tokens`, { headers: authHeaders() })).text();
  expect(listed).toContain("e2e ci job");
  expect(listed).not.toContain(token);
  await page.reload();
  await expect(page.getByTestId("fresh-token")).toHaveCount(0);
  await page
    .getByTestId("tokens")
    .locator("tr", { hasText: "e2e ci job" })
    .getByRole("button", { name: "Revoke" })
    .click();
  await expect(page.getByTestId("tokens").locator("tr", { hasText: "e2e ci job" })).toContainText("revoked");
  expect((await fetch(`${baseURL}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
});

test("an admin changes a container default on the Settings page; an editor sees it read-only", async ({
  page,
  browser,
  request,
}) => {
  await page.goto("/settings");
  const pids = page.getByLabel("Process limit (pids)");
  await pids.fill("321");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText("Saved");
  expect(((await (await request.get("/api/v1/settings")).json()) as Record<string, string>).OSPREY_PIDS_LIMIT).toBe(
    "321",
  );
  await pids.fill("lots");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText('OSPREY_PIDS_LIMIT: "lots" is not a valid value');

  const editor = await signInAs(browser, ROLE_EMAILS.editor, TEST_PASSWORD, "/settings");
  await expect(editor.getByLabel("Process limit (pids)")).toBeDisabled();
  await expect(editor.getByLabel("Process limit (pids)")).toHaveValue("321");
  await editor.context().close();
  // Back to the environment's value for the other specs.
  expect((await request.put("/api/v1/settings", { data: { OSPREY_PIDS_LIMIT: "" } })).status()).toBe(200);
});

test("signing in never leaves Osprey, whatever `next` says", async ({ browser, baseURL }) => {
  // /%5C and /%09/ decode to `/\` and `/<tab>/`, which a browser reads as `//`: another site.
  for (const next of [
    "/%5Cevil.example",
    "/%09/evil.example",
    "//evil.example",
    "/.//evil.example",
    "javascript:alert(1)",
  ]) {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto(`/sign-in?next=${next}`);
    await page.getByLabel("Email").fill(ROLE_EMAILS.viewer);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("whoami"), next).toContainText(ROLE_EMAILS.viewer);
    expect(new URL(page.url()).origin, next).toBe(new URL(baseURL!).origin);
    await context.close();
  }
});

test("an admin grants a namespace role on the Users page; that person sees and runs only there", async ({
  page,
  browser,
  request,
}) => {
  const root = uniqueId("pages").toLowerCase();
  const mine = await putFlow(
    request,
    `id: mine\nnamespace: ${root}.data.x\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`,
  );
  const theirs = await putFlow(
    request,
    `id: theirs\nnamespace: ${root}.database\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`,
  );
  const theirRun = await startRun(request, theirs.namespace, theirs.id);

  const email = `${uniqueId("grant")}@osprey.test`;
  await page.goto("/users");
  const form = page.getByTestId("new-user");
  await form.getByPlaceholder("email").fill(email);
  await form.getByPlaceholder("name").fill("Data Person");
  await form.locator("select").selectOption("none");
  await form.getByPlaceholder(/password/).fill(TEST_PASSWORD);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("status")).toHaveText(`Made ${email}`);
  const row = page.locator(`tr[data-email="${email}"]`);
  await row.getByLabel(`namespace for ${email}`).fill(`${root}.data`);
  await row.getByLabel(`namespace role for ${email}`).selectOption("editor");
  await row.getByRole("button", { name: "Grant" }).click();
  await expect(page.getByRole("status")).toHaveText(`${email} is now editor of ${root}.data`);
  await expect(row.locator(`[data-grant="${root}.data"]`)).toContainText("editor of");

  const person = await signInAs(browser, email);
  await expect(person.getByTestId("whoami")).toContainText("(none)");
  await person.goto("/account");
  await expect(person.getByTestId("my-namespaces")).toContainText(`editor of ${root}.data`);
  await person.goto("/flows");
  await expect(person.getByRole("link", { name: "mine", exact: true })).toBeVisible();
  await expect(person.getByRole("link", { name: "theirs", exact: true })).toHaveCount(0); // company.database is not under company.data
  await person.goto(`/flows/${mine.namespace}/mine`);
  await expect(person.getByRole("button", { name: "Save" })).toBeVisible();
  await person.goto(`/flows/${theirs.namespace}/theirs`);
  await expect(person.getByTestId("no-role-here")).toBeVisible();
  await person.goto(`/executions/${theirRun}`);
  await expect(person.getByText(/could not be found|404/i).first()).toBeVisible();

  // Removing the grant holds at once, without signing them out.
  await row.getByRole("button", { name: `remove editor of ${root}.data from ${email}` }).click();
  await expect(row.locator(`[data-grant="${root}.data"]`)).toHaveCount(0);
  await person.goto("/flows");
  await expect(person.getByTestId("whoami")).toContainText(email);
  await expect(person.getByRole("link", { name: "mine", exact: true })).toHaveCount(0);
  await person.context().close();
});
