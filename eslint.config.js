import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/.next/**", "**/.next-test/**", "prisma/src/generated/**", ".data/**", ".tools/**", "**/next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // env.ts files are the only place allowed to read the environment.
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through the app's env.ts." }],
    },
  },
  {
    files: ["**/env.ts", "**/next.config.ts", "prisma/src/migrate.ts", "prisma/scripts/**"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: ["**/*.test.ts", "tooling/devstack/src/testing/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
