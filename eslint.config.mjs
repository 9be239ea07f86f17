import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";

// The architecture's import rules, enforced rather than hoped for (docs/architecture.md, Layers):
// the billing engine is pure; nothing under app/ or components/ talks to the database directly.
const PRISMA = ["@prisma/*", "@/lib/db/*", "**/db/generated/*"];
// Money is never a float. Everywhere: no parseFloat. In the engine and the services, where money
// is computed, no Number(…) and no .toNumber() either (an integer that is not money says why it
// may, beside an eslint-disable).
const NO_PARSE_FLOAT = { selector: "CallExpression[callee.name='parseFloat']", message: "Money is never a float: use Decimal." };
const NO_FLOATS = [
  NO_PARSE_FLOAT,
  { selector: "CallExpression[callee.name='Number']", message: "Money is never a float: keep it a Decimal (an integer count or instant: say why, beside an eslint-disable)." },
  { selector: "CallExpression[callee.property.name='toNumber']", message: "Money is never a float: keep it a Decimal (an integer count or instant: say why, beside an eslint-disable)." },
];

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", "lib/db/generated/", "coverage/", "test-results/", "next-env.d.ts"] },
  ...tseslint.configs.recommended,
  {
    plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks, "import-x": importX },
    settings: { ...importX.flatConfigs.typescript.settings, "import-x/resolver-next": [createTypeScriptImportResolver()] },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      // A cycle makes load order decide what is undefined at run time; one module owns what both need.
      // Type-only imports are erased at build time, so they cannot form a run-time cycle.
      "import-x/no-cycle": ["error", { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: false }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", NO_PARSE_FLOAT],
    },
  },
  {
    files: ["lib/billing/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/*", "../*", "next", "next/*", "react", "@prisma/*", "pg", "@electric-sql/*", "node:*"], message: "lib/billing is pure: it imports only decimal.js and its own modules." },
          ],
        },
      ],
      "no-restricted-properties": ["error", { object: "Date", property: "now", message: "The engine takes `now` as a parameter." }],
      // Each no-restricted-syntax block replaces the ones before it for its files: repeat the bans.
      "no-restricted-syntax": ["error", ...NO_FLOATS, { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "The engine takes `now` as a parameter." }],
    },
  },
  {
    files: ["lib/services/**/*.ts"],
    rules: { "no-restricted-syntax": ["error", ...NO_FLOATS] },
  },
  {
    files: ["lib/billing/**/*.test.ts", "lib/billing/test-support/**"],
    rules: { "no-restricted-imports": "off", "no-restricted-syntax": ["error", NO_PARSE_FLOAT], "no-restricted-properties": "off" },
  },
  {
    files: ["lib/services/**/*.test.ts"],
    rules: { "no-restricted-syntax": ["error", NO_PARSE_FLOAT] },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: PRISMA, message: "Pages and routes read and write through lib/services." },
            // Pages take consoleContext() (lib/server/console-context.ts); routes their lib/http wrapper.
            { group: ["@/lib/server/database"], message: "Pages and routes reach the database only through consoleContext(), portalVisit() or a lib/http route wrapper." },
          ],
        },
      ],
    },
  },
);
