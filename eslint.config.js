import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/** What web may import of @switchyard/workflows: the pure definition and the engine's entry point. */
export const WEB_ENGINE_BOUNDARY = {
  patterns: [
    {
      regex: "^@switchyard/workflows(?!/(definition|engine)$)",
      message: "web imports only @switchyard/workflows/definition and @switchyard/workflows/engine.",
    },
    {
      group: ["**/workflows/src/**"],
      message: "web imports the engine as a package, through @switchyard/workflows/engine.",
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/.next/**",
      "**/.next-test/**",
      "**/dist/**",
      "**/.dist-test/**",
      "prisma/src/generated/**",
      ".data/**",
      ".tools/**",
      "**/next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // env.ts files are the only place allowed to read the environment.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through the app's env.ts." },
      ],
    },
  },
  {
    // Small units: a function that outgrows a screen gets split where its logic divides.
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["**/*.test.ts", "**/e2e/**", "tooling/devstack/src/testing/**"],
    rules: { "max-lines-per-function": ["error", { max: 80 }] },
  },
  {
    files: ["**/env.ts", "**/next.config.ts", "prisma/src/migrate.ts", "prisma/scripts/**", "scripts/start.js"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // Web reaches the engine through one door: worker code (activities, interpreter, worker) never loads in web.
    files: ["web/src/**/*.ts", "web/src/**/*.tsx"],
    ignores: ["web/src/**/*.test.ts", "web/src/e2e/**"],
    rules: { "no-restricted-imports": ["error", WEB_ENGINE_BOUNDARY] },
  },
  {
    files: ["**/*.test.ts", "tooling/devstack/src/testing/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
