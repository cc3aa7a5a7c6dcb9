/**
 * The environment an app needs to run against the two stand-ins: Clerk's
 * variables (the stand-in's `appEnv()`), the Convex URL, the issuer under every
 * name the app's auth.config reads, and the keys of the test controls.
 */
export type AppEnvInput = {
  clerkEnv: Readonly<Record<string, string>>;
  clerkUrl: string;
  issuer: string;
  issuerVars: readonly string[];
  convexUrl: string;
  clerkAdminKey: string;
  convexAdminKey: string;
  controlUrl: string | null;
};

export function appEnvironment(input: AppEnvInput): Record<string, string> {
  const env: Record<string, string> = { ...input.clerkEnv };
  for (const name of input.issuerVars) env[name] = input.issuer;
  env.NEXT_PUBLIC_CONVEX_URL = input.convexUrl;
  // Test controls (the stand-ins' /_admin routes) for E2E helpers.
  env.LOCAL_CLERK_ADMIN_URL = input.clerkUrl;
  env.LOCAL_CLERK_ADMIN_KEY = input.clerkAdminKey;
  env.LOCAL_CONVEX_ADMIN_KEY = input.convexAdminKey;
  if (input.controlUrl) env.KIT_CONTROL_URL = input.controlUrl;
  return env;
}
