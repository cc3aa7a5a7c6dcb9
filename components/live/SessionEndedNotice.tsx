"use client";

import type { ReactNode } from "react";
import { SignInLink } from "@/lib/auth/SignInLink";
import { StatusPanel } from "../ui/StatusPanel";

/** Asks the user to sign in again; `children` says why, `redirectUrl` where to return. */
export function SessionEndedNotice({
  redirectUrl,
  children,
}: {
  redirectUrl?: string;
  children: ReactNode;
}) {
  return (
    <div data-testid="session-ended">
      <StatusPanel
        role="alert"
        tone="warning"
        title="Your session ended — sign in again"
        actions={
          <SignInLink redirectUrl={redirectUrl}>Sign in again</SignInLink>
        }
      >
        {children}
      </StatusPanel>
    </div>
  );
}
