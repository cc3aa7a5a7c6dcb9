/**
 * The app the kit runs for: a folder with a `convex/` folder that holds an
 * `auth.config` (without one, Convex accepts no Clerk token, so there is
 * nothing for the stand-ins to do together).
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { KitError } from "./errors";

/** The names the Convex stand-in loads, in the order it looks for them. */
export const AUTH_CONFIG_NAMES = ["auth.config.ts", "auth.config.js"];

export type AppFolder = {
  appDir: string;
  convexDir: string;
  authConfigFile: string;
};

const isDir = (dir: string) => existsSync(dir) && statSync(dir).isDirectory();

export function checkAppFolder(folder: string): AppFolder {
  const appDir = path.resolve(folder);
  if (!existsSync(appDir))
    throw new KitError(`The app folder ${appDir} does not exist.`);
  if (!isDir(appDir))
    throw new KitError(`The app folder ${appDir} is a file, not a folder.`);
  const convexDir = path.join(appDir, "convex");
  if (!isDir(convexDir))
    throw new KitError(
      `The app folder ${appDir} has no convex/ folder, so there are no Convex functions to serve.`,
    );
  const authConfigFile = AUTH_CONFIG_NAMES.map((name) =>
    path.join(convexDir, name),
  ).find((file) => existsSync(file));
  if (!authConfigFile)
    throw new KitError(
      `${convexDir} has no ${AUTH_CONFIG_NAMES.join(" or ")}, so Convex would accept no Clerk token; add one as Clerk's Convex guide shows.`,
    );
  if (!isDir(path.join(convexDir, "_generated")))
    throw new KitError(
      `${convexDir}/_generated is missing; run \`npx convex codegen\` in the app once (Convex apps usually commit that folder).`,
    );
  return { appDir, convexDir, authConfigFile };
}

/**
 * Whether the app has its own sign-in route (App Router or Pages Router, with or
 * without `src/`); without one, real Clerk sends users to its hosted pages.
 */
export function hasOwnSignInRoute(appDir: string): boolean {
  const roots = ["app", "src/app", "pages", "src/pages"];
  return roots.some((root) => {
    const dir = path.join(appDir, root);
    if (!isDir(dir)) return false;
    return [
      "sign-in",
      "sign-in/[[...sign-in]]",
      "sign-in.tsx",
      "sign-in.jsx",
    ].some((name) => existsSync(path.join(dir, name)));
  });
}
