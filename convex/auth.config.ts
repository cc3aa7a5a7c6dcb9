import type { AuthConfig } from "convex/server";

// Clerk: the Frontend API URL from the Clerk dashboard.
// Without Clerk keys: the local Clerk stand-in's issuer (set by `npm run dev`).
export default {
  providers: [
    {
      domain: process.env.CLERK_JWT_ISSUER_DOMAIN!,
      applicationID: "convex",
    },
  ],
} satisfies AuthConfig;
