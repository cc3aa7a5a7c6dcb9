import { SignIn } from "@clerk/nextjs";
import { publicConfig, serverConfig } from "@/lib/config";
import { localAuthAvailability } from "@/lib/localAuth/availability";
import { presetUsers } from "@/lib/localAuth/presetUsers";
import { LocalSignInForm } from "./local/LocalSignInForm";
import { safeRedirectPath, signInPath } from "./paths";

/**
 * Body of /sign-in: Clerk's `<SignIn>` in clerk mode, the development sign-in form in
 * local mode. `redirectUrl` is the raw `redirect_url` query value; only a same-site
 * relative path is honoured.
 */
export function SignInPage({ redirectUrl }: { redirectUrl?: string }) {
  const target = safeRedirectPath(redirectUrl);
  if (publicConfig.authMode === "clerk") {
    return (
      <main className="flex min-h-screen items-center justify-center p-8">
        <SignIn path={signInPath} routing="path" fallbackRedirectUrl={target} />
      </main>
    );
  }
  const availability = localAuthAvailability(serverConfig());
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center p-8">
      <LocalSignInForm
        redirectUrl={target}
        presets={presetUsers}
        disabledReason={availability.enabled ? undefined : availability.reason}
      />
    </main>
  );
}
