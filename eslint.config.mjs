import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import noImportCycle from "./scripts/lint/no-import-cycle.mjs";

// The architecture's import rules, enforced rather than hoped for (docs/architecture.md, Layers):
// the billing engine is pure; nothing under app/ or components/ talks to the database directly.
const PRISMA = ["@prisma/*", "@/lib/db/*", "**/db/generated/*"];

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", "lib/db/generated/", "coverage/", "test-results/", "next-env.d.ts"] },
  ...tseslint.configs.recommended,
  {
    plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks, rateline: { rules: { "no-import-cycle": noImportCycle } } },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      // A cycle makes load order decide what is undefined at run time; one module owns what both need.
      "rateline/no-import-cycle": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", { selector: "CallExpression[callee.name='parseFloat']", message: "Money is never a float: use Decimal." }],
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
      "no-restricted-syntax": ["error", { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "The engine takes `now` as a parameter." }],
    },
  },
  {
    files: ["lib/billing/**/*.test.ts", "lib/billing/test-support/**"],
    rules: { "no-restricted-imports": "off", "no-restricted-syntax": "off", "no-restricted-properties": "off" },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: PRISMA, message: "Pages and routes read and write through lib/services." }] }],
    },
  },
);
