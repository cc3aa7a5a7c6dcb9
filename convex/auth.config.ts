import type { AuthConfig } from "convex/server";

// Clerk: the Frontend API URL from the Clerk dashboard.
// Local mode: the local identity provider's issuer (set by `npm run dev`).
export default {
  providers: [
    {
      domain: process.env.CLERK_JWT_ISSUER_DOMAIN!,
      applicationID: "convex",
    },
  ],
} satisfies AuthConfig;
