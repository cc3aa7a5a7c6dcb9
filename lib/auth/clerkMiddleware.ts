import { NextResponse } from "next/server";
import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";
import type { ServerConfig } from "@/lib/config";
import { isApiPath, protectedRoutePatterns, signInPath } from "./paths";

/**
 * Clerk mode: the standard `clerkMiddleware` + `createRouteMatcher` + `auth.protect()`.
 * Protected API routes get a 401 JSON instead of a redirect. With `CLERK_JWT_KEY` set
 * the session cookie is verified without a network call (the SDK does not read that
 * variable by itself, so it is passed here).
 */
export function createClerkAuthMiddleware(config: ServerConfig) {
  const isProtectedRoute = createRouteMatcher(protectedRoutePatterns);
  return clerkMiddleware(
    async (auth, request) => {
      if (!isProtectedRoute(request)) return;
      if (isApiPath(request.nextUrl.pathname)) {
        const { userId } = await auth();
        if (!userId) {
          return NextResponse.json(
            {
              error: "Sign in first: this endpoint needs a signed-in session.",
            },
            { status: 401, headers: { "Cache-Control": "no-store" } },
          );
        }
        return;
      }
      await auth.protect();
    },
    {
      signInUrl: signInPath,
      ...(config.clerkJwtKey ? { jwtKey: config.clerkJwtKey } : {}),
    },
  );
}
