import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { ClerkProvider } from "@clerk/nextjs";
import { publicConfig, serverConfig } from "@/lib/config";
import {
  publicSession,
  sessionFromCookie,
} from "@/lib/localAuth/currentSession";
import { SESSION_COOKIE_NAME } from "@/lib/localAuth/sessionCookie";
import { LocalAuthProvider } from "./local/LocalAuthProvider";
import { signInPath } from "./paths";

/**
 * Server component for the root layout: `ClerkProvider` in clerk mode, the local
 * provider otherwise. The local branch reads the session cookie here and hands the
 * session to the client, so the first render is already signed in (no flash).
 */
export async function AuthProvider({ children }: { children: ReactNode }) {
  if (publicConfig.authMode === "clerk") {
    return (
      <ClerkProvider signInUrl={signInPath} afterSignOutUrl="/">
        {children}
      </ClerkProvider>
    );
  }
  const cookieStore = await cookies();
  const session = sessionFromCookie(
    serverConfig(),
    cookieStore.get(SESSION_COOKIE_NAME)?.value,
  );
  return (
    <LocalAuthProvider initialSession={publicSession(session)}>
      {children}
    </LocalAuthProvider>
  );
}
