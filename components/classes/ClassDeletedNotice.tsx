"use client";

import { useEffect } from "react";
import { StatusPanel } from "../ui/StatusPanel";
import { leaveDeletedClass } from "./deletedHere";

/** Shown in place of a class this tab just deleted; heads back to the list. */
export function ClassDeletedNotice({ classId }: { classId: string }) {
  useEffect(() => {
    leaveDeletedClass(classId);
  }, [classId]);
  return (
    <StatusPanel tone="quiet" title="Class deleted">
      Taking you back to your classes…
    </StatusPanel>
  );
}
