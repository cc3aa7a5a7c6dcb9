"use client";

import type { Preloaded } from "convex/react";
import { api } from "@/convex/_generated/api";
import { ErrorBoundary } from "../ErrorBoundary";
import { SignInToSeeClasses, SigningOut } from "../live/LivePreloaded";
import { usePreloadedPages } from "../live/usePreloadedPages";
import { useSubscribeGate } from "../live/useSubscribeGate";
import { ClassesLayout } from "./ClassesOverview";
import { ACTIVE_PAGE_SIZE, ARCHIVED_PAGE_SIZE } from "./pageSizes";

type ClassPage = Preloaded<typeof api.classes.listPage>;

export function ClassesScreen({
  active,
  archived,
}: {
  active: ClassPage;
  archived: ClassPage;
}) {
  return (
    <ErrorBoundary backHref="/" backLabel="Home">
      <LiveClassPages active={active} archived={archived} />
    </ErrorBoundary>
  );
}

/** The server's first pages, then live pages once the client is signed in. */
function LiveClassPages({
  active,
  archived,
}: {
  active: ClassPage;
  archived: ClassPage;
}) {
  const gate = useSubscribeGate();
  const subscribe = gate === "subscribed";
  const activePages = usePreloadedPages(
    api.classes.listPage,
    { archived: false },
    active,
    ACTIVE_PAGE_SIZE,
    subscribe,
  );
  const archivedPages = usePreloadedPages(
    api.classes.listPage,
    { archived: true },
    archived,
    ARCHIVED_PAGE_SIZE,
    subscribe,
  );
  if (gate === "signedOut") return <SignInToSeeClasses />;
  if (gate === "signingOut") return <SigningOut />;
  return (
    <ClassesLayout
      active={activePages}
      archived={archivedPages}
      live={activePages.live}
    />
  );
}
