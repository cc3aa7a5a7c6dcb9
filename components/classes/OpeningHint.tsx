"use client";

import { useLinkStatus } from "next/link";

/**
 * Inside a class card's link: shows that the class page is on its way. The
 * class page has no loading skeleton (one would make a missing class answer
 * 200 instead of 404), so this is the feedback between click and page.
 */
export function OpeningHint() {
  const { pending } = useLinkStatus();
  return pending ? (
    <span
      role="status"
      className="mt-2 block text-xs font-medium text-indigo-700"
    >
      Opening…
    </span>
  ) : null;
}
