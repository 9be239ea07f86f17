import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

// For tests: an HTTP server that answers the Stripe requests the connector makes the way Stripe
// does, and refuses any request whose parameters the `stripe` package's own type declarations
// (node_modules/stripe/esm/resources/*.d.ts) do not allow — unknown parameter, wrong primitive,
// value outside a declared literal union, missing required nested field — or that lacks what
// Stripe itself requires (a customer, amount with currency, an Idempotency-Key on every POST).
// Like Stripe, a repeated idempotency key replays the first response, and a key reused with
// other parameters is an error.

type Field = { type: string; required: boolean };

const RESOURCES = path.join(process.cwd(), "node_modules/stripe/esm/resources");

/** The fields of `interface name` (optionally inside `namespace`) as the .d.ts declares them. */
function declaredFields(file: string, name: string, namespace?: string): Map<string, Field> {
  const source = readFileSync(path.join(RESOURCES, file), "utf8");
  let scope = source;
  let indent = "";
  if (namespace) {
    const start = source.indexOf(`export declare namespace ${namespace} {`);
    scope = source.slice(start, source.indexOf("\n}", start));
    indent = "    ";
  }
  const open = scope.indexOf(`${namespace ? indent : "export "}interface ${name} {`);
  if (open < 0) throw new Error(`No interface ${name} in ${file}`);
  const body = scope.slice(open, scope.indexOf(`\n${indent}}`, open));
  const fields = new Map<string, Field>();
  for (const match of body.matchAll(new RegExp(`^${indent}    ([a-z_]+)(\\??): (.+);$`, "gm"))) fields.set(match[1]!, { type: match[3]!, required: match[2] !== "?" });
  return fields;
}

function declaredLiterals(file: string, namespace: string, type: string): string[] | null {
  const source = readFileSync(path.join(RESOURCES, file), "utf8");
  const start = source.indexOf(`export declare namespace ${namespace} {`);
  const match = source.slice(start, source.indexOf("\n}", start)).match(new RegExp(`^    type ${type} = (.+);$`, "m"));
  return match ? [...match[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!) : null;
}

type Form = { [key: string]: string | Form };

/** Stripe's form encoding: a[b][c]=v. */
function parseForm(body: string): Form {
  const form: Form = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.replace(/\]/g, "").split("[");
    let node = form;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Form;
    node[parts.at(-1)!] = value;
  }
  return form;
}

function check(form: Form, file: string, name: string, namespace?: string, where = ""): string[] {
  const fields = declaredFields(file, name, namespace);
  const problems: string[] = [];
  for (const [key, f] of fields) if (f.required && !(key in form)) problems.push(`${where}${key} is required`);
  for (const [key, value] of Object.entries(form)) {
    const field = fields.get(key);
    if (!field) {
      problems.push(`${where}${key} is not a parameter of ${name}`);
      continue;
    }
    const type = field.type;
    const nested = type.match(/^(\w+)\.(\w+)$/);
    if (type === "number" && !(typeof value === "string" && /^-?\d+$/.test(value))) problems.push(`${where}${key} must be an integer`);
    else if (type === "boolean" && value !== "true" && value !== "false") problems.push(`${where}${key} must be a boolean`);
    else if (type === "string" && typeof value !== "string") problems.push(`${where}${key} must be a string`);
    else if (type === "Emptyable<MetadataParam>" && !(value === "" || (typeof value === "object" && Object.values(value).every((v) => typeof v === "string" && v.length <= 500)))) problems.push(`${where}${key} must be metadata`);
    else if (nested) {
      const literals = declaredLiterals(file, nested[1]!, nested[2]!);
      if (literals) {
        if (typeof value !== "string" || !literals.includes(value)) problems.push(`${where}${key} must be one of ${literals.join(", ")}`);
      } else if (typeof value === "object") problems.push(...check(value, file, nested[2]!, nested[1]!, `${where}${key}.`));
      else problems.push(`${where}${key} must be an object`);
    }
  }
  return problems;
}

type StripeInvoice = { id: string; object: "invoice"; customer: string; currency: string; status: "draft" | "open"; subtotal: number; total: number; metadata: unknown; invoice_pdf: string | null; items: { id: string; amount: number; description: string; metadata: unknown }[] };

export type FakeStripeRequest = { method: string; path: string; idempotencyKey: string | undefined; form: Form };

export async function fakeStripe(secretKey: string) {
  const invoices = new Map<string, StripeInvoice>();
  const replies = new Map<string, { body: string; status: number; response: string }>();
  const requests: FakeStripeRequest[] = [];
  /** Paths whose next request fails with a 503 before Stripe would have run it (so nothing is saved under its key). */
  const failNext: string[] = [];
  let seq = 0;

  const error = (status: number, message: string, type = "invalid_request_error") => ({ status, json: { error: { type, message } } });
  const invoiceJson = (i: StripeInvoice) => ({ ...i, items: undefined, lines: { object: "list", data: i.items, has_more: false } });

  function handle(method: string, url: string, form: Form): { status: number; json: unknown } {
    if (method === "POST" && url === "/v1/invoices") {
      const problems = check(form, "Invoices.d.ts", "InvoiceCreateParams");
      if (!form.customer) problems.push("customer is required");
      if (problems.length) return error(400, problems.join("; "));
      const invoice: StripeInvoice = { id: `in_${++seq}`, object: "invoice", customer: form.customer as string, currency: (form.currency as string) ?? "usd", status: "draft", subtotal: 0, total: 0, metadata: form.metadata ?? {}, invoice_pdf: null, items: [] };
      invoices.set(invoice.id, invoice);
      return { status: 200, json: invoiceJson(invoice) };
    }
    if (method === "POST" && url === "/v1/invoiceitems") {
      const problems = check(form, "InvoiceItems.d.ts", "InvoiceItemCreateParams");
      if (!form.customer) problems.push("customer is required");
      if (!("amount" in form && "currency" in form)) problems.push("amount and currency are required");
      const invoice = invoices.get(form.invoice as string);
      if (!invoice) problems.push(`No such invoice: '${String(form.invoice)}'`);
      else if (invoice.status !== "draft") problems.push("The invoice is finalized; items cannot be added.");
      else if (invoice.customer !== form.customer || invoice.currency !== form.currency) problems.push("The item's customer and currency must be the invoice's.");
      if (problems.length) return error(400, problems.join("; "));
      const item = { id: `ii_${++seq}`, amount: Number(form.amount), description: form.description as string, metadata: form.metadata ?? {} };
      invoice!.items.push(item);
      invoice!.subtotal += item.amount;
      invoice!.total += item.amount;
      return { status: 200, json: { object: "invoiceitem", invoice: invoice!.id, ...item } };
    }
    const finalize = url.match(/^\/v1\/invoices\/(\w+)\/finalize$/);
    if (method === "POST" && finalize) {
      const problems = check(form, "Invoices.d.ts", "InvoiceFinalizeInvoiceParams");
      const invoice = invoices.get(finalize[1]!);
      if (!invoice) return error(404, `No such invoice: '${finalize[1]}'`);
      if (invoice.status !== "draft") problems.push("This invoice is already finalized.");
      if (problems.length) return error(400, problems.join("; "));
      invoice.status = "open";
      invoice.invoice_pdf = `https://pay.stripe.test/${invoice.id}.pdf`;
      return { status: 200, json: invoiceJson(invoice) };
    }
    return error(404, `Unrecognized request URL (${method}: ${url}).`);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = req.url ?? "";
      const idempotencyKey = req.headers["idempotency-key"] as string | undefined;
      const form = parseForm(body);
      requests.push({ method: req.method ?? "", path: url, idempotencyKey, form });
      const send = (status: number, response: string) => res.writeHead(status, { "Content-Type": "application/json", "Request-Id": `req_${seq}` }).end(response);
      if (req.headers.authorization !== `Bearer ${secretKey}`) return send(401, JSON.stringify(error(401, "Invalid API Key provided.").json));
      if (!String(req.headers["content-type"]).startsWith("application/x-www-form-urlencoded")) return send(400, JSON.stringify(error(400, "Requests must be form-encoded.").json));
      if (req.method === "POST" && !idempotencyKey) return send(400, JSON.stringify(error(400, "Every POST from the connector must carry an Idempotency-Key.").json));
      const fail = failNext.indexOf(url);
      if (fail >= 0) {
        failNext.splice(fail, 1);
        return send(503, JSON.stringify(error(503, "Stripe is temporarily unavailable.", "api_error").json));
      }
      if (idempotencyKey) {
        const previous = replies.get(idempotencyKey);
        if (previous && previous.body !== body) return send(400, JSON.stringify(error(400, `Keys for idempotent requests can only be used with the same parameters they were first used with.`, "idempotency_error").json));
        if (previous) return send(previous.status, previous.response);
      }
      const { status, json } = handle(req.method ?? "", url, form);
      const response = JSON.stringify(json);
      if (idempotencyKey) replies.set(idempotencyKey, { body, status, response });
      send(status, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    api: { host: "127.0.0.1", port: (server.address() as AddressInfo).port, protocol: "http" as const },
    invoices,
    requests,
    failNext,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
