import Link from "next/link";
import { SignInLink } from "@/lib/auth/SignInLink";
import type { ClassifiedError } from "@/lib/errorHandling";
import { SessionEndedNotice } from "../live/SessionEndedNotice";
import { buttonClass } from "../ui/Button";
import { StatusPanel } from "../ui/StatusPanel";
import { ReloadWhenReady } from "./ReloadWhenReady";

/** What a server-rendered page shows when it couldn't load the user's data. */
export function LoadProblem({
  problem,
  retryHref,
}: {
  problem:
    { status: "signedOut" } | { status: "error"; error: ClassifiedError };
  retryHref: string;
}) {
  if (problem.status === "signedOut") {
    return (
      <div data-testid="signed-out">
        <StatusPanel
          title="Sign in to see your classes"
          actions={<SignInLink redirectUrl={retryHref} />}
        >
          <p>Your classes and assignments are private to your account.</p>
          <ReloadWhenReady waitFor="signIn" />
        </StatusPanel>
      </div>
    );
  }
  const { error } = problem;
  if (error.kind === "unauthenticated") {
    return (
      <SessionEndedNotice redirectUrl={retryHref}>
        <p>Your sign-in expired or was not accepted by the server.</p>
        <ReloadWhenReady waitFor="signIn" />
      </SessionEndedNotice>
    );
  }
  const unavailable = error.kind === "unavailable";
  return (
    <div data-testid="load-error" data-kind={error.kind}>
      <StatusPanel
        role="alert"
        tone={unavailable ? "warning" : "error"}
        title={
          unavailable ? "Can't reach the server" : "Couldn't load this page"
        }
        actions={
          <Link href={retryHref} prefetch={false} className={buttonClass()}>
            Try again
          </Link>
        }
      >
        <p>
          {unavailable
            ? "The Convex backend didn't answer when this page was made."
            : error.message}
        </p>
        {unavailable ? <ReloadWhenReady waitFor="connection" /> : null}
      </StatusPanel>
    </div>
  );
}
