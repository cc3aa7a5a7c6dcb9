"use client";

import { useQuery } from "convex/react";
import { api } from "../convex/_generated/api";
import AddNumberButton from "./AddNumberButton";

/** The signed-in user's numbers, kept live by the Convex subscription. */
export default function Numbers() {
  const result = useQuery(api.myFunctions.listNumbers, { count: 10 });
  if (result === undefined) return <p>Loading…</p>;
  if (result === null) return <p>Convex did not accept the session.</p>;
  const { viewer, total, numbers } = result;
  return (
    <section>
      <p>Welcome {viewer}!</p>
      <AddNumberButton />
      <p role="status">Numbers added so far: {total}</p>
      <p>Latest: {numbers.length === 0 ? "none yet" : numbers.join(", ")}</p>
    </section>
  );
}
