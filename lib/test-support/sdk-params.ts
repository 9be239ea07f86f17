import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

// Every field of an @metronome/sdk method's request parameters, read from the SDK's own
// TypeScript declarations with the compiler (not a list typed by hand), so that a field the SDK
// adds in a new version shows up in the strictness test the day the dependency is bumped.

export type SdkFieldKind = "string" | "number" | "boolean" | "enum" | "object" | "array" | "record" | "unknown";

export type SdkField = {
  /** `commits[].access_schedule.schedule_items[].amount`: `[]` marks an array's elements. */
  path: string;
  kind: SdkFieldKind;
  optional: boolean;
  /** For `enum` (a union of string literals), and for an array of them: the literals. */
  literals?: string[];
  /** For an array: the kind of its elements. */
  element?: SdkFieldKind;
};

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PROBE = path.join(ROOT, "__sdk_param_probe__.ts");

/**
 * The fields of each method's first parameter, by method path (`v1.contracts.create`), every
 * nesting level included, in declaration order; a parent comes before its children.
 */
export function sdkParamFields(methods: readonly string[]): Map<string, SdkField[]> {
  const source = [
    `import Metronome from "@metronome/sdk";`,
    `declare const client: Metronome;`,
    `type RequestOptions = NonNullable<Parameters<typeof client.v1.customers.list>[1]>;`,
    // A method without params (`services.list(options?)`) takes the request options first: no fields.
    `type Params<P> = (<T>() => T extends P ? 1 : 2) extends <T>() => T extends RequestOptions ? 1 : 2 ? {} : P;`,
    ...methods.map((m, i) => `export type P${i} = Params<NonNullable<Parameters<typeof client.${m}>[0]>>;`),
  ].join("\n");
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, skipLibCheck: true, noEmit: true, types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language) => (path.resolve(name) === PROBE ? ts.createSourceFile(name, source, language) : getSourceFile(name, language));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === PROBE || fileExists(name);
  const program = ts.createProgram([PROBE], options, host);
  const problems = ts.getPreEmitDiagnostics(program, program.getSourceFile(PROBE)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  if (problems.length) throw new Error(`The SDK has no such method (or its types did not load): ${problems.join("; ")}`);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(PROBE)!;
  const result = new Map<string, SdkField[]>();
  let i = 0;
  for (const statement of file.statements) {
    if (!ts.isTypeAliasDeclaration(statement) || !/^P\d+$/.test(statement.name.text)) continue;
    const fields: SdkField[] = [];
    walkObject(checker, checker.getTypeAtLocation(statement.name), "", fields, statement, 0);
    result.set(methods[i++]!, fields);
  }
  return result;
}

function walkObject(checker: ts.TypeChecker, type: ts.Type, prefix: string, out: SdkField[], at: ts.Node, depth: number) {
  if (depth > 12) throw new Error(`SDK type too deep at ${prefix}`);
  // A union of object shapes (a discriminated union) contributes every member's fields.
  const members = type.isUnion() ? type.types : [type];
  const seen = new Set<string>();
  for (const member of members) {
    for (const property of checker.getPropertiesOfType(member)) {
      if (seen.has(property.name)) continue;
      seen.add(property.name);
      const path = prefix ? `${prefix}.${property.name}` : property.name;
      const propertyType = checker.getTypeOfSymbolAtLocation(property, at);
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      // `unknown` is any JSON (a named schedule's value); NonNullable would make it `{}`, an object.
      const free = (propertyType.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) !== 0;
      walkValue(checker, free ? propertyType : checker.getNonNullableType(propertyType), path, optional, out, at, depth);
    }
  }
}

function walkValue(checker: ts.TypeChecker, type: ts.Type, path: string, optional: boolean, out: SdkField[], at: ts.Node, depth: number) {
  if (checker.isArrayType(type)) {
    const element = checker.getNonNullableType(checker.getTypeArguments(type as ts.TypeReference)[0]!);
    const field: SdkField = { path, kind: "array", optional, element: kindOf(checker, element) };
    const literals = stringLiterals(element);
    if (literals) field.literals = literals;
    out.push(field);
    if (field.element === "object") walkObject(checker, element, `${path}[]`, out, at, depth + 1);
    return;
  }
  const kind = kindOf(checker, type);
  const field: SdkField = { path, kind, optional };
  if (kind === "enum") field.literals = stringLiterals(type);
  out.push(field);
  if (kind === "object") walkObject(checker, type, path, out, at, depth + 1);
}

function stringLiterals(type: ts.Type): string[] | undefined {
  const parts = type.isUnion() ? type.types : [type];
  if (!parts.every((t) => t.isStringLiteral())) return undefined;
  return parts.map((t) => (t as ts.StringLiteralType).value);
}

function kindOf(checker: ts.TypeChecker, type: ts.Type): SdkFieldKind {
  if (stringLiterals(type)) return "enum";
  const flags = type.flags;
  if (flags & ts.TypeFlags.StringLike) return "string";
  if (flags & ts.TypeFlags.NumberLike) return "number";
  if (flags & ts.TypeFlags.BooleanLike) return "boolean";
  if (type.isUnion()) {
    if (type.types.every((t) => t.flags & ts.TypeFlags.BooleanLike)) return "boolean";
    if (type.types.every((t) => t.flags & ts.TypeFlags.StringLike)) return "string";
    if (type.types.every((t) => kindOf(checker, t) === "object")) return "object";
    return "unknown";
  }
  if (checker.isArrayType(type)) return "array";
  if (flags & ts.TypeFlags.Object) {
    const hasIndex = checker.getIndexInfosOfType(type).length > 0;
    return hasIndex && checker.getPropertiesOfType(type).length === 0 ? "record" : "object";
  }
  return "unknown";
}
