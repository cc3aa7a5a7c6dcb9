import { defineConfig } from "vitest/config";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL("./", import.meta.url)) },
  },
  // Vite 8 transforms with oxc; tsconfig says "preserve" for Next.js, tests need real JSX.
  oxc: { jsx: { runtime: "automatic" } },
  test: {
    include: [
      "tests/unit/**/*.test.{ts,tsx}",
      "harness/tests/**/*.test.{ts,tsx}",
      "bench/tests/**/*.test.ts",
      "local-*/tests/**/*.test.ts",
      "kit/tests/**/*.test.ts",
    ],
    environment: "node",
    // Most files wait on sockets and child processes, not the CPU: one worker
    // per core (Vitest's default leaves one core out) nearly halves the run.
    maxWorkers: availableParallelism(),
    setupFiles: ["tests/setup.ts"],
    server: { deps: { inline: ["convex-test"] } },
  },
});
