import type { NextConfig } from "next";
import { ConfigError, parseServerConfig } from "./lib/config";

// Stop `next dev`, `next build` and `next start` early, with one clear line, on bad config.
try {
  parseServerConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // The E2E suite builds into its own folder so it never clashes with `next dev`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The dev server is reached on 127.0.0.1 as well as localhost.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
};

export default nextConfig;
