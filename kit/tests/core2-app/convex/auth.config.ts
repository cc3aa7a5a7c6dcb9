import type { AuthConfig } from "convex/server";

// The issuer of the "convex" JWT template in Clerk (its Frontend API URL),
// set on the deployment as CLERK_JWT_ISSUER_DOMAIN.
export default {
  providers: [
    {
      domain: process.env.CLERK_JWT_ISSUER_DOMAIN!,
      applicationID: "convex",
    },
  ],
} satisfies AuthConfig;
