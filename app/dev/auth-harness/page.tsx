import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { serverConfig } from "@/lib/config";
import { getConvexToken } from "@/lib/auth/serverToken";
import { SignInLink } from "@/lib/auth/SignInLink";
import { parseHarnessQuery } from "@/lib/harness/query";
import { AuthHarness } from "@/components/harness/AuthHarness";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Auth refresh harness",
  robots: { index: false },
};

/**
 * Every token refresh design side by side, each on its own Convex client. The token
 * minted here is the "server-rendered" token the SvelteKit-style lanes start from;
 * `router.refresh()` re-runs this render and hands the client a new one.
 */
export default async function AuthHarnessPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const config = serverConfig();
  if (!config.authHarnessEnabled) notFound();

  const serverToken = await getConvexToken();
  if (!serverToken) {
    return (
      <main
        className="mx-auto max-w-xl p-8"
        data-testid="auth-harness-signed-out"
      >
        <h1 className="mb-2 text-xl font-semibold">Auth refresh harness</h1>
        <p className="mb-4 text-slate-600">
          Sign in to run the lanes: each one needs a session to mint Convex
          tokens.
        </p>
        <SignInLink redirectUrl="/dev/auth-harness" />
      </main>
    );
  }

  const query = parseHarnessQuery(await searchParams);
  return (
    <main className="mx-auto max-w-[1500px] p-4">
      <header className="mb-3">
        <h1 className="text-xl font-semibold">Auth refresh harness</h1>
        <p className="text-sm text-slate-600">
          Five ways of handing tokens to Convex, each on its own client and
          WebSocket, measured live against the Convex client&apos;s refresh
          schedule.
        </p>
      </header>
      <AuthHarness
        serverToken={serverToken}
        testControls={Boolean(config.localBackendAdminKey)}
        initialQuery={query}
      />
    </main>
  );
}
