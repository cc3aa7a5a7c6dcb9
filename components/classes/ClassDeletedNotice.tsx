"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { StatusPanel } from "../ui/StatusPanel";

/** Shown in place of a class this tab just deleted; heads back to the list. */
export function ClassDeletedNotice() {
  const router = useRouter();
  useEffect(() => {
    router.replace("/classes");
  }, [router]);
  return (
    <StatusPanel tone="quiet" title="Class deleted">
      Taking you back to your classes…
    </StatusPanel>
  );
}
