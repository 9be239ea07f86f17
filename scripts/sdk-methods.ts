// npm run docs:sdk-methods: rewrites README.md's table of every @metronome/sdk endpoint method and
// whether Rateline answers it; `-- --check` only reports (exit 1) when the table is stale.
//
// The methods are read from the installed SDK itself, not typed by hand: the client is built and
// its resource tree walked (so `client.v1.customers.plans.list` is named as callers write it), and
// each method's compiled source is parsed with the TypeScript compiler for the one
// `this._client.<verb>(path, …)` call it makes. A method is supported when the App Router route
// that Next would pick for its path exports a real handler for its HTTP method.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

export type HttpVerb = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type SdkMethod = {
  /** As callers write it, without `client.`: `v1.customers.plans.list`. */
  call: string;
  verb: HttpVerb;
  /** The SDK's path with its parameters as `{name}`: `/v1/customers/{customer_id}/plans`. */
  path: string;
  /** Marked `@deprecated`, or documented as "a Plans (deprecated) endpoint". */
  deprecated: boolean;
};

export type Route = {
  /** Segments under app/, `[customer_id]` kept as written: `["v1", "customers", "[customer_id]"]`. */
  segments: string[];
  /** The methods the route file exports a handler for (not the 405 answers of otherMethods). */
  handlers: Set<HttpVerb>;
  file: string;
};

export type MethodStatus = SdkMethod & { supported: boolean; reason?: string };

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const README = path.join(ROOT, "README.md");
const START = "<!-- sdk-methods:start -->";
const END = "<!-- sdk-methods:end -->";
const VERBS: readonly HttpVerb[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

const PLANS = "deprecated plans era — out of scope (issue #17)";
const NOT_BUILT = "not built yet";
const AVALARA = "Rateline calculates no taxes, through Avalara or otherwise (its invoices carry no tax lines), so it keeps no Avalara credentials";

/**
 * Why a method Rateline does not answer is not answered, when it is more than "not built yet".
 * Kept by hand; the generator refuses an entry naming a method that is supported or that the SDK
 * does not have, so the table cannot keep a stale excuse.
 */
const REASONS: Record<string, string> = {
  "v1.plans.list": PLANS,
  "v1.plans.getDetails": PLANS,
  "v1.plans.listCharges": PLANS,
  "v1.plans.listCustomers": PLANS,
  "v1.customers.plans.list": PLANS,
  "v1.customers.plans.add": PLANS,
  "v1.customers.plans.end": PLANS,
  "v1.customers.plans.listPriceAdjustments": PLANS,
  // A one-time charge on a plan's invoice: it names a customer plan and a plan charge (customer_plan_id, charge_id).
  "v1.customers.invoices.addCharge": `${PLANS}; on contracts, use scheduled charges`,
  // Answered with a 400 saying so (app/v1/upsertAvalaraCredentials): keeping credentials that nothing uses would be a fake.
  "v1.settings.upsertAvalaraCredentials": AVALARA,
};

// ─── the SDK's methods ───

const sdkRequire = createRequire(import.meta.url);
const SDK_DIR = path.dirname(sdkRequire.resolve("@metronome/sdk"));

export function sdkVersion(): string {
  return (JSON.parse(readFileSync(path.join(SDK_DIR, "package.json"), "utf8")) as { version: string }).version;
}

function filesUnder(dir: string, name: (file: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && name(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Every endpoint method of the installed SDK, each resource's own methods before its sub-resources'. */
export function readSdkMethods(): SdkMethod[] {
  // Each resource class, by identity, to the compiled file that declares it (re-exporting index
  // files hold the same classes, so the declaration is what decides).
  const declaredIn = new Map<unknown, string>();
  for (const file of filesUnder(path.join(SDK_DIR, "resources"), (n) => n.endsWith(".js"))) {
    const source = readFileSync(file, "utf8");
    for (const value of Object.values(sdkRequire(file) as Record<string, unknown>)) {
      if (typeof value === "function" && new RegExp(`\\bclass ${value.name} extends\\b`).test(source)) declaredIn.set(value, file);
    }
  }
  const { Metronome } = sdkRequire("@metronome/sdk") as { Metronome: new (opts: { bearerToken: string }) => object };
  const client = new Metronome({ bearerToken: "unused" });
  const parsed = new Map<string, ts.SourceFile>();
  const out: SdkMethod[] = [];
  const visit = (resource: object, prefix: string) => {
    const file = declaredIn.get(resource.constructor)!;
    if (!parsed.has(file)) parsed.set(file, ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS));
    out.push(...classMethods(parsed.get(file)!, resource.constructor.name, prefix));
    for (const [name, child] of Object.entries(resource)) if (isResource(child)) visit(child, `${prefix}.${name}`);
  };
  const isResource = (value: unknown): value is object => typeof value === "object" && value !== null && declaredIn.has(value.constructor);
  for (const [name, resource] of Object.entries(client).sort(([a], [b]) => a.localeCompare(b))) if (isResource(resource)) visit(resource, name);
  return out;
}

/** The endpoint methods of one class: those that call `this._client`; others (webhook helpers) are not endpoints. */
function classMethods(file: ts.SourceFile, className: string, prefix: string): SdkMethod[] {
  const declaration = file.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === className);
  if (!declaration) throw new Error(`${file.fileName}: no class ${className}`);
  const methods: SdkMethod[] = [];
  for (const member of declaration.members) {
    if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name) || !member.body) continue;
    const call = `${prefix}.${member.name.text}`;
    const requests = clientCalls(member.body);
    if (requests.length === 0) {
      if (member.body.getText().includes("_client")) throw new Error(`${call}: uses this._client in a way this script does not read`);
      continue;
    }
    if (requests.length > 1) throw new Error(`${call}: makes ${requests.length} requests; expected one`);
    methods.push({ call, ...request(call, requests[0]!), deprecated: isDeprecated(member, file) });
  }
  return methods;
}

function clientCalls(body: ts.Node): ts.CallExpression[] {
  const found: ts.CallExpression[] = [];
  const walk = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isPropertyAccessExpression(node.expression.expression) &&
      node.expression.expression.expression.kind === ts.SyntaxKind.ThisKeyword &&
      node.expression.expression.name.text === "_client"
    ) {
      found.push(node);
    }
    ts.forEachChild(node, walk);
  };
  walk(body);
  return found;
}

/** The HTTP method and path of `this._client.get|post|put|patch|delete|getAPIList(path, …)`. */
function request(call: string, node: ts.CallExpression): { verb: HttpVerb; path: string } {
  const fn = (node.expression as ts.PropertyAccessExpression).name.text;
  const [target, ...rest] = node.arguments;
  let verb: string;
  if (fn === "getAPIList") {
    // A paged list is a GET unless its options say otherwise (`method: 'post'` for body-paged lists).
    const override = rest
      .filter(ts.isObjectLiteralExpression)
      .flatMap((o) => o.properties)
      .find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "method");
    if (override && !ts.isStringLiteral(override.initializer)) throw new Error(`${call}: getAPIList method is not a literal`);
    verb = override ? (override.initializer as ts.StringLiteral).text : "get";
  } else {
    verb = fn;
  }
  const upper = verb.toUpperCase() as HttpVerb;
  if (!VERBS.includes(upper)) throw new Error(`${call}: this._client.${fn} is not a request this script knows`);
  return { verb: upper, path: pathOf(call, target) };
}

function pathOf(call: string, node: ts.Expression | undefined): string {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return node.text;
  // `(0, path_1.path) \`/v1/customers/${customer_id}/plans\``: each substitution names a parameter.
  if (node && ts.isTaggedTemplateExpression(node) && ts.isTemplateExpression(node.template)) {
    const { head, templateSpans } = node.template;
    return head.text + templateSpans.map((s) => (ts.isIdentifier(s.expression) ? `{${s.expression.text}}` : fail(call)) + s.literal.text).join("");
  }
  return fail(call);
}

function fail(call: string): never {
  throw new Error(`${call}: the request path is not a literal or a path\`…\` template`);
}

function isDeprecated(method: ts.MethodDeclaration, file: ts.SourceFile): boolean {
  const doc = (ts.getLeadingCommentRanges(file.text, method.getFullStart()) ?? [])
    .map((r) => file.text.slice(r.pos, r.end))
    .join("\n")
    .replace(/\s*\n\s*\*\s?/g, " ");
  return /@deprecated\b/.test(doc) || /\(deprecated\) endpoint/i.test(doc);
}

// ─── Rateline's routes ───

/** Every route.ts under app/v1 and app/v2 but the catch-alls, which answer unknown paths with a 404. */
export function readRoutes(appDir = path.join(ROOT, "app")): Route[] {
  return ["v1", "v2"]
    .flatMap((version) => filesUnder(path.join(appDir, version), (n) => n === "route.ts"))
    .map((file) => ({
      segments: path.relative(appDir, path.dirname(file)).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)),
      handlers: routeHandlers(readFileSync(file, "utf8")),
      file: path.relative(ROOT, file),
    }))
    .filter((route) => !route.segments.some((s) => s.startsWith("[...") || s.startsWith("[[...")));
}

/**
 * The methods a route file handles: `export const POST = apiRoute(…)` or `export function GET`.
 * The destructured `export const { PUT, PATCH } = otherMethods(…)` are the 405 answers.
 */
export function routeHandlers(source: string): Set<HttpVerb> {
  const verbs = new Set<HttpVerb>();
  for (const [, verb] of source.matchAll(/^export (?:const|(?:async )?function) (GET|POST|PUT|PATCH|DELETE)\b/gm)) verbs.add(verb as HttpVerb);
  return verbs;
}

/**
 * The route Next answers an SDK path with: segments match one for one, a `[param]` segment
 * matches any value (a `{param}` of the SDK only a `[param]`), and where two match, the first
 * segment where they differ decides, static before dynamic.
 */
export function routeFor(sdkPath: string, routes: Route[]): Route | undefined {
  const wanted = sdkPath.split("?")[0]!.split("/").filter(Boolean);
  const isDynamic = (s: string) => s.startsWith("[");
  const matches = routes.filter(
    (r) => r.segments.length === wanted.length && r.segments.every((s, i) => isDynamic(s) || s === wanted[i]),
  );
  const rank = (r: Route) => r.segments.map((s) => (isDynamic(s) ? "1" : "0")).join("");
  return matches.sort((a, b) => rank(a).localeCompare(rank(b)))[0];
}

export function methodStatuses(methods = readSdkMethods(), routes = readRoutes()): MethodStatus[] {
  const statuses = methods.map((m): MethodStatus => {
    const supported = routeFor(m.path, routes)?.handlers.has(m.verb) ?? false;
    return supported ? { ...m, supported } : { ...m, supported, reason: REASONS[m.call] ?? NOT_BUILT };
  });
  const stale = Object.keys(REASONS).filter((call) => !statuses.some((s) => s.call === call && !s.supported));
  if (stale.length) throw new Error(`scripts/sdk-methods.ts REASONS names methods that are supported or not in the SDK: ${stale.join(", ")}`);
  return statuses;
}

// ─── the README section ───

export function renderSection(statuses: MethodStatus[], version = sdkVersion()): string {
  const supported = statuses.filter((s) => s.supported).length;
  const rows = statuses.map((s) => {
    const method = `\`client.${s.call}\`${s.deprecated ? " (deprecated)" : ""}`;
    return `| ${method} | \`${s.verb} ${s.path}\` | ${s.supported ? "supported" : `not supported: ${s.reason}`} |`;
  });
  return [
    START,
    "<!-- Generated by `npm run docs:sdk-methods` from the installed SDK and app/v1, app/v2: edit scripts/sdk-methods.ts, not this table. -->",
    "",
    `**Every SDK method** (\`@metronome/sdk\` ${version}; "deprecated" as the SDK documents it): ${supported} of ${statuses.length} methods supported.`,
    "",
    "| SDK method | HTTP | status |",
    "| --- | --- | --- |",
    ...rows,
    END,
  ].join("\n");
}

/** Where the marked section is in `readme`, markers included. */
function sectionBounds(readme: string): [number, number] {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
  return [start, end + END.length];
}

/** The marked section of `readme`, markers included. */
export function sectionOf(readme: string): string {
  return readme.slice(...sectionBounds(readme));
}

/** `readme` with its marked section replaced by `section`. */
export function withSection(readme: string, section: string): string {
  const [start, end] = sectionBounds(readme);
  return readme.slice(0, start) + section + readme.slice(end);
}

/** README.md as the generator would write it, beside what is on disk. */
export function readmeStatus(): { current: string; generated: string } {
  const current = readFileSync(README, "utf8");
  return { current, generated: withSection(current, renderSection(methodStatuses())) };
}

function main(check: boolean) {
  const { current, generated } = readmeStatus();
  const summary = generated.match(/\d+ of \d+ methods supported/)![0];
  if (current === generated) {
    console.log(`README.md's SDK method table is up to date: ${summary}.`);
  } else if (check) {
    console.error("README.md's SDK method table is stale: run `npm run docs:sdk-methods`.");
    process.exit(1);
  } else {
    writeFileSync(README, generated);
    console.log(`Rewrote README.md's SDK method table: ${summary}.`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main(process.argv.includes("--check"));
