/**
 * Opt-in: the same matrix against real Clerk and a real Convex deployment. Defined
 * only when every variable below is set; otherwise the run says why it did not run.
 * Needs the network (Clerk's Frontend and Backend APIs, the Convex deployment).
 */
const REQUIRED = [
  "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
  "CLERK_SECRET_KEY",
  "E2E_CLERK_CONVEX_URL",
  "E2E_CLERK_USER_EMAIL",
] as const;

export const REAL_CLERK_PROJECT = "real-clerk";
const appPort = Number(process.env.E2E_CLERK_APP_PORT ?? 3520);

export type RealClerkSetup =
  | {
      enabled: true;
      appUrl: string;
      appPort: number;
      convexUrl: string;
      userEmail: string;
      publishableKey: string;
      secretKey: string;
      /** Lifetime of the tokens Convex gets (Clerk session tokens: 60 s). */
      tokenLifetimeSeconds: number;
    }
  | { enabled: false; reason: string };

export function realClerkSetup(
  env: NodeJS.ProcessEnv = process.env,
): RealClerkSetup {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length > 0) {
    return { enabled: false, reason: `${missing.join(", ")} not set` };
  }
  return {
    enabled: true,
    appPort,
    appUrl: `http://localhost:${appPort}`,
    convexUrl: env.E2E_CLERK_CONVEX_URL!,
    userEmail: env.E2E_CLERK_USER_EMAIL!,
    publishableKey: env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY!,
    secretKey: env.CLERK_SECRET_KEY!,
    tokenLifetimeSeconds: Number(env.E2E_CLERK_TOKEN_LIFETIME_SECONDS ?? 60),
  };
}
