/** The route table `next build` prints, parsed into sizes per route. Pure. */

export type RouteSize = {
  route: string;
  /** ○ static, ƒ dynamic, ● SSG, … as printed. */
  kind: string;
  /** The route's own JS, in bytes (as printed, 1 kB = 1000 B). */
  sizeBytes: number;
  firstLoadBytes: number;
};

export type BuildSizes = {
  routes: RouteSize[];
  sharedFirstLoadBytes: number | null;
  middlewareBytes: number | null;
};

const UNITS: Record<string, number> = { B: 1, kB: 1000, KB: 1000, MB: 1e6 };

export function parseSize(text: string): number | null {
  const match = /^([\d.]+)\s*(B|kB|KB|MB)$/.exec(text.trim());
  if (!match) return null;
  return Math.round(Number(match[1]) * UNITS[match[2]!]!);
}

// "├ ƒ /classes/[classId]      1.71 kB         133 kB"
const ROUTE_LINE =
  /^[┌├└]\s+(\S)\s+(\/\S*)\s+([\d.]+\s*(?:B|kB|KB|MB))\s+([\d.]+\s*(?:B|kB|KB|MB))\s*$/;
const SHARED_LINE =
  /^\+\s+First Load JS shared by all\s+([\d.]+\s*(?:B|kB|MB))/;
const MIDDLEWARE_LINE = /^ƒ\s+Middleware\s+([\d.]+\s*(?:B|kB|MB))/;

export function parseBuildOutput(output: string): BuildSizes {
  const routes: RouteSize[] = [];
  let sharedFirstLoadBytes: number | null = null;
  let middlewareBytes: number | null = null;
  // Strip colour codes in case the build ran on a terminal.
  const plain = output.replace(/\u001b\[[0-9;]*m/g, "");
  for (const raw of plain.split(/\r?\n/)) {
    const line = raw.trimEnd();
    const route = ROUTE_LINE.exec(line);
    if (route) {
      routes.push({
        kind: route[1]!,
        route: route[2]!,
        sizeBytes: parseSize(route[3]!) ?? 0,
        firstLoadBytes: parseSize(route[4]!) ?? 0,
      });
      continue;
    }
    const shared = SHARED_LINE.exec(line.trim());
    if (shared) sharedFirstLoadBytes = parseSize(shared[1]!);
    const middleware = MIDDLEWARE_LINE.exec(line.trim());
    if (middleware) middlewareBytes = parseSize(middleware[1]!);
  }
  return { routes, sharedFirstLoadBytes, middlewareBytes };
}
