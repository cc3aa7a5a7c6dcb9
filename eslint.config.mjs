import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { FlatCompat } from "@eslint/eslintrc";

const compat = new FlatCompat({
  baseDirectory: dirname(fileURLToPath(import.meta.url)),
});

const config = [
  ...compat.extends("next/core-web-vitals", "next/typescript"),
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".next-e2e/**",
      ".next-bench/**",
      "convex/_generated/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
      // The Core 2 fixture app's generated and run-time files.
      "kit/tests/core2-app/.next/**",
      "kit/tests/core2-app/convex/_generated/**",
      "kit/tests/core2-app/next-env.d.ts",
      "kit/tests/core2-app/test-results/**",
    ],
  },
];

export default config;
