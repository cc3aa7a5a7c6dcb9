/** Where `npm run dev` lets Next.js listen: loopback unless `--host <address>` says otherwise. */
const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1"]);

export function devHost(argv: readonly string[]): {
  host: string;
  warning: string | null;
} {
  const index = argv.indexOf("--host");
  const given = index === -1 ? undefined : argv[index + 1];
  if (index !== -1 && (!given || given.startsWith("--"))) {
    throw new Error(
      "--host needs an address, e.g. --host 0.0.0.0 (the default is localhost)",
    );
  }
  const host = given ?? "localhost";
  return {
    host,
    warning: LOOPBACK.has(host)
      ? null
      : `Next.js will listen on ${host}, reachable from other machines. Anyone who can reach it can use the app as the users signed in on this machine, and sign in as the preset development users; the Clerk stand-in and the Convex backend stay on loopback.`,
  };
}
