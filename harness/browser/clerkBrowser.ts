/**
 * The parts of clerk-js's global (`window.Clerk`, set by ClerkProvider) the harness
 * calls directly, as the SvelteKit app did. Typed here because @clerk/nextjs does
 * not declare the global.
 */
export type BrowserClerk = {
  session?: {
    getToken(options?: {
      template?: string;
      skipCache?: boolean;
    }): Promise<string | null>;
  } | null;
  organization?: { id: string } | null;
  user?: {
    organizationMemberships?: {
      organization: { id: string; name: string };
    }[];
  } | null;
  setActive(params: { organization: string | null }): Promise<void>;
};

export function browserClerk(): BrowserClerk | undefined {
  if (typeof window === "undefined") return undefined;
  return (window as unknown as { Clerk?: BrowserClerk }).Clerk;
}

/** `window.Clerk?.session?.getToken(options)`, as the SvelteKit fix calls it. */
export async function clerkSessionGetToken(options: {
  template?: string;
  skipCache?: boolean;
}): Promise<string | null | undefined> {
  return browserClerk()?.session?.getToken(options);
}

/** The organizations the signed-in user belongs to, as clerk-js knows them. */
export function userOrganizations(): { id: string; name: string }[] {
  return (browserClerk()?.user?.organizationMemberships ?? []).map(
    (membership) => ({
      id: membership.organization.id,
      name: membership.organization.name,
    }),
  );
}
