import type { ApiServer } from "@/lib/test-support/api-server";

// The console's forms posted as a browser without JavaScript posts them: a server action's form
// carries its action in hidden fields, which go back with the form's own fields.

function hiddenFields(html: string, form: FormData) {
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/?>/g)) {
    form.append(m[1]!, (m[2] ?? "").replaceAll("&quot;", '"').replaceAll("&amp;", "&"));
  }
}

/**
 * Posts the sign-in form's server action: its hidden action fields from the page, then the email
 * and password. A session answers 303 with the cookie; a refusal re-renders the page (200) with
 * the message.
 */
export async function postSignIn(server: ApiServer, email: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
  const html = await (await fetch(`${server.url}/sign-in`)).text();
  const form = new FormData();
  hiddenFields(html, form);
  form.append("email", email);
  form.append("password", password);
  return fetch(`${server.url}/sign-in`, { method: "POST", body: form, redirect: "manual", headers: { origin: server.url, ...headers } });
}

/** Signs in and returns the session cookie (`name=value`) to send with console requests. */
export async function consoleSession(server: ApiServer, email: string, password: string): Promise<string> {
  const res = await postSignIn(server, email, password);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("rateline_session="));
  if (res.status !== 303 || !cookie) throw new Error(`Signing in as ${email} failed: ${res.status}`);
  return cookie.split(";")[0]!;
}

/**
 * Submits the one form on a console page whose markup contains `marker` (a button's label, say),
 * with its hidden fields as the page rendered them; answers the re-rendered page.
 */
export async function postConsoleForm(server: ApiServer, cookie: string, pagePath: string, marker: string): Promise<Response> {
  const html = await (await fetch(server.url + pagePath, { headers: { cookie } })).text();
  const forms = [...html.matchAll(/<form\b[\s\S]*?<\/form>/g)].map((m) => m[0]).filter((f) => f.includes(marker));
  if (forms.length !== 1) throw new Error(`${forms.length} forms on ${pagePath} contain ${marker}`);
  const form = new FormData();
  hiddenFields(forms[0]!, form);
  return fetch(server.url + pagePath, { method: "POST", body: form, redirect: "manual", headers: { origin: server.url, cookie } });
}
