import { auth } from "@clerk/nextjs/server";
import { preloadQuery, preloadedQueryResult } from "convex/nextjs";
import { api } from "../../convex/_generated/api";
import LiveNumbers from "./LiveNumbers";

// Reached only when signed in: the middleware protects /server.
export default async function ServerPage() {
  const { getToken } = await auth();
  // The server calls Convex as the user, with the same "convex" template token.
  const token = (await getToken({ template: "convex" })) ?? undefined;
  const preloaded = await preloadQuery(
    api.myFunctions.listNumbers,
    { count: 3 },
    { token },
  );
  const firstRender = preloadedQueryResult(preloaded);
  return (
    <main>
      <h1>Numbers from the server</h1>
      <p>
        Rendered on the server for{" "}
        <strong>{firstRender?.viewer ?? "nobody"}</strong>.
      </p>
      <LiveNumbers preloaded={preloaded} />
    </main>
  );
}
