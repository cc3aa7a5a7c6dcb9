import type { NextConfig } from "next";
import { serverConfigOrExit } from "./lib/config";

// Stop `next dev`, `next build` and `next start` early, with one clear line, on bad config.
serverConfigOrExit();

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // The E2E suite builds into its own folder so it never clashes with `next dev`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The dev server is reached on 127.0.0.1 as well as localhost.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  // The test stacks' builds skip Next's own lint and type check: `npm test` runs
  // both (`npm run lint`, `npm run typecheck`) before it builds.
  eslint: { ignoreDuringBuilds: process.env.NEXT_BUILD_SKIP_CHECKS === "1" },
  typescript: {
    ignoreBuildErrors: process.env.NEXT_BUILD_SKIP_CHECKS === "1",
  },
};

export default nextConfig;
