"use client";

import { SignInLink } from "@/lib/auth/SignInLink";
import { StatusPanel } from "../ui/StatusPanel";

export function SessionEndedNotice() {
  return (
    <div data-testid="session-ended">
      <StatusPanel
        role="alert"
        tone="warning"
        title="Your session ended — sign in again"
        actions={<SignInLink>Sign in again</SignInLink>}
      >
        Sign in to see your classes. Nothing you saved is lost.
      </StatusPanel>
    </div>
  );
}
