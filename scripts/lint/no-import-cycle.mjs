import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

// An ESLint rule that refuses import cycles among the project's own modules: a module that,
// through its imports, imports itself. Only imports that exist at run time count: `import type`,
// and imports whose every name is a type, are erased by TypeScript, and `import()` is lazy.
// (eslint-plugin-import-x's `no-cycle` does the same; this needs no dependency.)

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const EXTENSIONS = [".ts", ".tsx", ".mts", ".js", ".mjs", "/index.ts", "/index.tsx"];
const STATEMENT = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gms;

function resolve(from, specifier) {
  let base;
  if (specifier.startsWith("@/")) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return undefined;
  for (const ext of ["", ...EXTENSIONS]) {
    const file = base + ext;
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return undefined;
}

/** `{ type A, type B }` imports nothing at run time; `{ type A, b }` imports b. */
function onlyTypes(clause) {
  const braces = /^\{([^}]*)\}$/s.exec(clause.trim());
  if (!braces) return false;
  const names = braces[1].split(",").map((n) => n.trim()).filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith("type "));
}

const edges = new Map();

/**
 * The project modules `file` imports at run time, read from its text: cached by modification
 * time, checked at most once a second (a lint run asks for the same files thousands of times).
 */
function importsOf(file) {
  const cached = edges.get(file);
  const now = Date.now();
  if (cached && now - cached.checkedAt < 1000) return cached.targets;
  const mtime = statSync(file).mtimeMs;
  if (cached && cached.mtime === mtime) {
    cached.checkedAt = now;
    return cached.targets;
  }
  const text = readFileSync(file, "utf8");
  const targets = new Set();
  for (const m of text.matchAll(STATEMENT)) {
    const specifier = m[4] ?? m[5];
    if (m[2] || (m[3] !== undefined && onlyTypes(m[3]))) continue;
    const target = resolve(file, specifier);
    if (target) targets.add(target);
  }
  edges.set(file, { mtime, checkedAt: now, targets: [...targets] });
  return edges.get(file).targets;
}

/** A path of imports from `start` back to `target`, or undefined. */
function pathTo(start, target) {
  const seen = new Set();
  const stack = [[start, [start]]];
  while (stack.length) {
    const [file, trail] = stack.pop();
    if (file === target) return trail;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const next of importsOf(file)) if (!seen.has(next)) stack.push([next, [...trail, next]]);
  }
  return undefined;
}

const runtimeImport = (node) =>
  node.importKind !== "type" && node.exportKind !== "type" && !(node.specifiers?.length && node.specifiers.every((s) => s.importKind === "type" || s.exportKind === "type"));

export default {
  meta: { type: "problem", docs: { description: "Refuse import cycles among the project's modules" }, schema: [] },
  create(context) {
    const file = context.filename;
    const check = (node) => {
      if (!node.source || !runtimeImport(node)) return;
      const target = resolve(file, node.source.value);
      if (!target || target === file) return;
      const cycle = pathTo(target, file);
      if (cycle) {
        const names = [file, ...cycle].map((f) => path.relative(ROOT, f));
        context.report({ node, message: `Import cycle: ${names.join(" → ")}. Move what both need into a module of its own.` });
      }
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};
