import Link from "next/link";
import { notFound } from "next/navigation";
import { auth } from "@clerk/nextjs/server";
import { serverConfig } from "@/lib/config";
import { getConvexTemplateToken } from "@/lib/auth/serverToken";
import { parseHarnessQuery } from "@/harness/model/query";
import { harnessControlsEnv } from "@/harness/server/controlsEnv";
import { AuthHarness } from "@/harness/ui/AuthHarness";

const HARNESS_PATH = "/dev/auth-harness";

/**
 * Every token refresh design side by side, each on its own Convex client. The
 * `convex` template token minted here is the "server-rendered" token the
 * SvelteKit-style lanes start from, as that app's layout did; `router.refresh()`
 * re-runs this render and hands the client a new one.
 */
export async function AuthHarnessPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!serverConfig().authHarnessEnabled) notFound();

  const { userId } = await auth();
  if (!userId) {
    return (
      <main
        className="mx-auto max-w-xl p-4 sm:p-8"
        data-testid="auth-harness-signed-out"
      >
        <h1 className="mb-2 text-xl font-semibold">Auth refresh harness</h1>
        <p className="mb-4 text-slate-600">
          Sign in to run the lanes: each one needs a session to get Convex
          tokens.
        </p>
        <Link
          className="text-blue-700 underline"
          href={`/sign-in?redirect_url=${encodeURIComponent(HARNESS_PATH)}`}
        >
          Sign in
        </Link>
      </main>
    );
  }

  let serverToken: string | null = null;
  let serverTokenProblem: string | null = null;
  try {
    serverToken = await getConvexTemplateToken();
    if (!serverToken) {
      serverTokenProblem =
        "The server got no token from the convex JWT template, so the svelte-* lanes start without one.";
    }
  } catch {
    serverTokenProblem =
      "The server could not get a token from the convex JWT template (does the template exist?), so the svelte-* lanes start without one.";
  }

  const controls = harnessControlsEnv();
  const query = parseHarnessQuery(await searchParams);
  return (
    <main className="mx-auto w-full max-w-[1500px] p-3 sm:p-4">
      <header className="mb-3">
        <h1 className="text-xl font-semibold">Auth refresh harness</h1>
        <p className="text-sm text-slate-600">
          Five ways of handing Clerk tokens to Convex, each on its own Convex
          client and WebSocket, measured live against the Convex client&apos;s
          refresh schedule.
        </p>
      </header>
      <AuthHarness
        serverToken={serverToken}
        serverTokenProblem={serverTokenProblem}
        lifetimeControls={controls.ok && controls.env.clerkAdmin !== null}
        controlsProblem={controls.ok ? null : controls.problem}
        initialQuery={query}
      />
    </main>
  );
}
