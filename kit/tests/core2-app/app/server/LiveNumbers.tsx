"use client";

import { type Preloaded, usePreloadedQuery } from "convex/react";
import type { api } from "../../convex/_generated/api";
import AddNumberButton from "../../components/AddNumberButton";

/** Starts from the server's result, then follows the live query. */
export default function LiveNumbers({
  preloaded,
}: {
  preloaded: Preloaded<typeof api.myFunctions.listNumbers>;
}) {
  const result = usePreloadedQuery(preloaded);
  return (
    <section>
      <p role="status">
        Numbers added so far: {result === null ? "none" : result.total}
      </p>
      <AddNumberButton />
    </section>
  );
}
