"use client";

import { UserButton } from "@clerk/nextjs";
import { publicConfig } from "@/lib/config";
import { LocalUserMenu } from "./local/LocalUserMenu";

/**
 * The signed-in user's menu: Clerk's `<UserButton>` in clerk mode, a small name/email
 * menu with "Sign out" in local mode. Renders nothing when signed out.
 */
export const UserMenu: () => React.ReactNode =
  publicConfig.authMode === "clerk" ? ClerkUserMenu : LocalUserMenu;

function ClerkUserMenu() {
  return <UserButton />;
}
