/**
 * Which Clerk SDK generation an app runs, read from its installed `@clerk/nextjs`,
 * and so which clerk-js bundle the Clerk stand-in must serve it.
 */
import { clerkCoreOf, clerkJsMajorFor } from "../local-clerk/sdkGenerations";
import { KitError } from "./errors";

export function clerkSdkOf(appDir: string) {
  try {
    const { core, nextjsVersion } = clerkCoreOf(appDir);
    return { core, nextjsVersion, clerkJsMajor: clerkJsMajorFor(core) };
  } catch (error) {
    throw new KitError(
      error instanceof Error
        ? error.message
        : "The app's Clerk SDK is unknown.",
    );
  }
}
