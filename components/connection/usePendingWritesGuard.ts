"use client";

import { useEffect } from "react";

/**
 * Changes made offline wait in this tab's memory until the socket is back; a
 * reload or a closed tab would drop them. While any are unsent, ask the
 * browser to confirm leaving the page.
 */
export function usePendingWritesGuard(pendingWrites: number) {
  const guard = pendingWrites > 0;
  useEffect(() => {
    if (!guard) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [guard]);
}
