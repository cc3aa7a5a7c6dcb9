import { notFound } from "next/navigation";
import { requireSignedInUser } from "@/lib/auth/requireUser";
import { serverConfig } from "@/lib/config";
import { getConvexTemplateToken } from "@/lib/auth/serverToken";
import { parseHarnessQuery } from "@/harness/model/query";
import { harnessControlsEnv } from "@/harness/server/controlsEnv";
import { AuthHarness } from "@/harness/ui/AuthHarness";

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

  // The /dev layout has already sent a signed-out visitor to sign in; this
  // check is where the harness reads per-user data, so it stays.
  await requireSignedInUser();

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
