/// <reference types="vite/client" />
import { convexTest } from "convex-test";
import schema from "@/convex/schema";

// Every file under convex/, as convex-test expects (it finds the root by `_generated`).
export const modules = import.meta.glob("../../convex/**/*.*s");

export const alice = {
  subject: "user_alice",
  issuer: "http://127.0.0.1:3220",
  tokenIdentifier: "http://127.0.0.1:3220|user_alice",
  name: "Alice",
};
export const bob = {
  subject: "user_bob",
  issuer: "http://127.0.0.1:3220",
  tokenIdentifier: "http://127.0.0.1:3220|user_bob",
  name: "Bob",
};

export function setup() {
  const t = convexTest(schema, modules);
  return { t, asAlice: t.withIdentity(alice), asBob: t.withIdentity(bob) };
}

/** The `data` of a ConvexError thrown by `run`, or a failure if it threw something else. */
export async function errorData(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    const data = (error as { data?: unknown }).data;
    if (data === undefined) throw error;
    return data as Record<string, unknown>;
  }
  throw new Error("expected the call to fail");
}
