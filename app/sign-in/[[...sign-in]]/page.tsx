import type { Metadata } from "next";
import { SignIn } from "@clerk/nextjs";
import { AfterHydration } from "@/lib/auth/AfterHydration";
import { signInPath } from "@/lib/auth/paths";

export const metadata: Metadata = { title: "Sign in · Classroom" };

/**
 * Clerk's own sign-in UI. It reads `redirect_url` itself (the middleware passes an
 * absolute URL on this site) and follows it only to an allowed origin, this one by
 * default; a catch-all route so it can route its own steps under /sign-in/….
 */
export default function SignInPage() {
  return (
    <main
      id="main"
      className="flex min-h-[70vh] items-start justify-center px-4 py-10"
    >
      <AfterHydration fallback={<SignInPlaceholder />}>
        <SignIn path={signInPath} routing="path" fallbackRedirectUrl="/" />
      </AfterHydration>
    </main>
  );
}

/** Holds the card's place until Clerk's form mounts, so the page does not jump. */
function SignInPlaceholder() {
  return (
    <div
      aria-busy="true"
      aria-label="Loading the sign-in form"
      className="h-96 w-full max-w-[25rem] animate-pulse rounded-xl bg-slate-200/70"
    />
  );
}
