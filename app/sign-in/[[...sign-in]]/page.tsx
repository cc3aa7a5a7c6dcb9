import type { Metadata } from "next";
import { SignIn } from "@clerk/nextjs";
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
      <SignIn path={signInPath} routing="path" fallbackRedirectUrl="/" />
    </main>
  );
}
