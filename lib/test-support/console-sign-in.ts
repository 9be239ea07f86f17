import type { ApiServer } from "@/lib/test-support/api-server";

/**
 * Posts the sign-in form's server action as a browser without JavaScript does: its hidden action
 * fields from the page, then the email and password. A session answers 303 with the cookie; a
 * refusal re-renders the page (200) with the message.
 */
export async function postSignIn(server: ApiServer, email: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
  const html = await (await fetch(`${server.url}/sign-in`)).text();
  const form = new FormData();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/?>/g)) {
    form.append(m[1]!, (m[2] ?? "").replaceAll("&quot;", '"').replaceAll("&amp;", "&"));
  }
  form.append("email", email);
  form.append("password", password);
  return fetch(`${server.url}/sign-in`, { method: "POST", body: form, redirect: "manual", headers: { origin: server.url, ...headers } });
}
