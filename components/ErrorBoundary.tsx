"use client";

import Link from "next/link";
import {
  Component,
  useEffect,
  useRef,
  type ErrorInfo,
  type ReactNode,
} from "react";
import { useConvexAuth } from "convex/react";
import { SignInLink } from "@/lib/auth/SignInLink";
import { asSentence, classifyError } from "@/lib/errorHandling";
import { useConnection } from "./connection/useConnection";
import { Button, buttonClass } from "./ui/Button";
import { StatusPanel } from "./ui/StatusPanel";

type Props = {
  children: ReactNode;
  /** Where "not found" sends the user back to. */
  backHref?: string;
  backLabel?: string;
  /** Called before the children are rendered again. */
  onReset?: () => void;
  /** Overrides the fallback for some errors; return undefined for the default. */
  renderFallback?: (error: unknown) => ReactNode | undefined;
  /** For tests and logs: called once per caught error. */
  onError?: (error: unknown, info: ErrorInfo) => void;
};

type State = { error: unknown; hasError: boolean };

/**
 * Catches errors thrown while rendering (a failed `useQuery` throws its error
 * there) and shows what the user can do about it. State changes happen only in
 * React's error lifecycle and in effects, never during render.
 */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null, hasError: false };

  static getDerivedStateFromError(error: unknown): State {
    return { error, hasError: true };
  }

  componentDidCatch(error: unknown, info: ErrorInfo) {
    this.props.onError?.(error, info);
  }

  reset = () => {
    this.props.onReset?.();
    this.setState({ error: null, hasError: false });
  };

  render() {
    if (!this.state.hasError) return this.props.children;
    const custom = this.props.renderFallback?.(this.state.error);
    if (custom !== undefined) return custom;
    return (
      <ErrorFallback
        error={this.state.error}
        reset={this.reset}
        backHref={this.props.backHref ?? "/classes"}
        backLabel={this.props.backLabel ?? "Back to your classes"}
      />
    );
  }
}

/** How long a "can't reach the server" fallback waits, once connected, before retrying. */
export const UNAVAILABLE_RETRY_MS = 2_000;

export function ErrorFallback({
  error,
  reset,
  backHref = "/classes",
  backLabel = "Back to your classes",
}: {
  error: unknown;
  reset: () => void;
  backHref?: string;
  backLabel?: string;
}) {
  const { isAuthenticated, isLoading, isRefreshing } = useConvexAuth();
  const classified = classifyError(error);
  const authRelated =
    classified.kind === "unauthenticated" || classified.kind === "unavailable";

  // An auth or connection failure that happened while the client was between
  // tokens clears up once the client is authenticated again: retry by itself then.
  const sawAuthGap = useRef(false);
  useEffect(() => {
    if (!authRelated) return;
    if (isRefreshing || isLoading || !isAuthenticated) {
      sawAuthGap.current = true;
      return;
    }
    if (sawAuthGap.current) {
      sawAuthGap.current = false;
      reset();
    }
  }, [authRelated, isAuthenticated, isLoading, isRefreshing, reset]);

  // "Can't reach the server" while the socket is up again is stale: retry
  // (after a pause, so an error that isn't about the connection can't spin).
  const { status } = useConnection();
  const unreachableButConnected =
    classified.kind === "unavailable" && status === "connected";
  useEffect(() => {
    if (!unreachableButConnected) return;
    const timer = setTimeout(reset, UNAVAILABLE_RETRY_MS);
    return () => clearTimeout(timer);
  }, [unreachableButConnected, reset]);

  if (isRefreshing || (authRelated && isLoading)) {
    return (
      <div
        role="status"
        data-testid="error-boundary"
        data-kind="reconnecting"
        className="flex items-center gap-3 rounded-xl border border-slate-200 bg-white p-5 text-sm text-slate-600 shadow-sm"
      >
        <span
          aria-hidden="true"
          className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-indigo-500"
        />
        Reconnecting…
      </div>
    );
  }

  const common = {
    "data-testid": "error-boundary",
    "data-kind": classified.kind,
  };

  switch (classified.kind) {
    case "unauthenticated":
      return (
        <div {...common}>
          <StatusPanel
            role="alert"
            tone="warning"
            title="Your session ended — sign in again"
            actions={<SignInLink>Sign in again</SignInLink>}
          >
            You were signed out or your sign-in expired. Sign in to pick up
            where you left off.
          </StatusPanel>
        </div>
      );
    case "notFound":
      return (
        <div {...common}>
          <StatusPanel
            role="alert"
            tone="quiet"
            title="Not found"
            actions={
              <Link href={backHref} className={buttonClass("secondary")}>
                {backLabel}
              </Link>
            }
          >
            {asSentence(classified.message)} It may have been deleted, or it
            belongs to another account.
          </StatusPanel>
        </div>
      );
    case "unavailable":
      return (
        <div {...common}>
          <StatusPanel
            role="alert"
            tone="warning"
            title="Can't reach the server"
            actions={<Button onClick={reset}>Try again</Button>}
          >
            The connection to the backend dropped. This part of the page loads
            again by itself once the connection is back; you can also try again
            now.
          </StatusPanel>
        </div>
      );
    default:
      return (
        <div {...common}>
          <StatusPanel
            role="alert"
            tone="error"
            title={
              classified.kind === "validation"
                ? "That request wasn't valid"
                : "Something went wrong"
            }
            actions={<Button onClick={reset}>Try again</Button>}
          >
            <p>{asSentence(classified.message)}</p>
            <details className="mt-2 text-xs">
              <summary className="cursor-pointer select-none">Details</summary>
              <pre className="mt-1 whitespace-pre-wrap break-words">
                {classified.detail}
              </pre>
            </details>
          </StatusPanel>
        </div>
      );
  }
}
