import type { Metadata } from "next";
import { SignInPage } from "@/lib/auth/SignInPage";

export const metadata: Metadata = { title: "Sign in · Classroom" };

// Catch-all so Clerk's <SignIn> can route its own steps under /sign-in/….
export default async function SignIn({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { redirect_url: redirectUrl } = await searchParams;
  return (
    <SignInPage
      redirectUrl={typeof redirectUrl === "string" ? redirectUrl : undefined}
    />
  );
}
