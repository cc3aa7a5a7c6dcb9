import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { renderToString } from "react-dom/server";
import type { Preloaded } from "convex/react";
import { convexToJson } from "convex/values";
import type { api } from "@/convex/_generated/api";

// Server rendering, as Next.js does it: no `window`, and a WebSocket global that
// counts how often anything tries to open a socket.
const opened: string[] = [];
class CountingWebSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  readyState = 0;
  constructor(url: string) {
    opened.push(url);
  }
  addEventListener() {}
  removeEventListener() {}
  send() {}
  close() {}
}

vi.mock("@clerk/nextjs", () => ({
  useAuth: () => ({
    isLoaded: true,
    isSignedIn: true,
    getToken: async () => "token",
    orgId: null,
    orgRole: null,
    sessionId: "sess_1",
    sessionClaims: { aud: "convex" },
  }),
  useClerk: () => ({ loaded: true }),
}));
vi.mock("next/navigation", () => ({ usePathname: () => "/classes" }));
vi.mock("next/link", () => ({
  default: ({ href, children }: { href: string; children: unknown }) => (
    <a href={href}>{children as never}</a>
  ),
  useLinkStatus: () => ({ pending: false }),
}));

const original = globalThis.WebSocket;
beforeAll(() => {
  globalThis.WebSocket = CountingWebSocket as unknown as typeof WebSocket;
});
afterAll(() => {
  globalThis.WebSocket = original;
});

function page(archived: boolean) {
  return {
    _name: "classes:listPage",
    _argsJSON: convexToJson({
      archived,
      paginationOpts: { numItems: 24, cursor: null },
    }),
    _valueJSON: convexToJson({
      page: [
        {
          _id: archived ? "c2" : "c1",
          _creationTime: 1,
          ownerId: "me",
          name: archived ? "Old Latin" : "Server Biology",
          archived,
          assignmentCount: 0,
          openCount: 0,
        },
      ],
      isDone: true,
      continueCursor: "end",
    } as never),
  } as unknown as Preloaded<typeof api.classes.listPage>;
}

describe("ConvexClientProvider on the server", () => {
  test("importing it and rendering a page with the header opens no socket", async () => {
    expect(typeof window).toBe("undefined");
    const { ConvexClientProvider } =
      await import("@/components/ConvexClientProvider");
    const { ConnectionIndicator } =
      await import("@/components/connection/ConnectionIndicator");
    const { ClassesScreen } =
      await import("@/components/classes/ClassesScreen");
    const html = renderToString(
      <ConvexClientProvider>
        <ConnectionIndicator />
        <ClassesScreen active={page(false)} archived={page(true)} />
      </ConvexClientProvider>,
    );
    // The server's data is in the HTML, and the header says "connecting".
    expect(html).toContain("Server Biology");
    expect(html).toContain("Connecting…");
    expect(opened).toEqual([]);
  });

  test("nor do the class page and the client-only list", async () => {
    const { ConvexClientProvider } =
      await import("@/components/ConvexClientProvider");
    const { ClassDetailScreen } =
      await import("@/components/classes/ClassDetailScreen");
    const { ClientOnlyClasses } =
      await import("@/app/dev/client-classes/ClientOnlyClasses");
    const detail = {
      _name: "classes:get",
      _argsJSON: convexToJson({ classId: "c1" }),
      _valueJSON: convexToJson({
        class: {
          _id: "c1",
          _creationTime: 1,
          ownerId: "me",
          name: "Server Chemistry",
          archived: false,
        },
        assignments: [],
      }),
    } as unknown as Preloaded<typeof api.classes.get>;
    const html = renderToString(
      <ConvexClientProvider>
        <ClassDetailScreen classId="c1" preloaded={detail} />
        <ClientOnlyClasses />
      </ConvexClientProvider>,
    );
    expect(html).toContain("Server Chemistry");
    expect(opened).toEqual([]);
  });
});
