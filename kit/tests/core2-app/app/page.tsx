"use client";

import { SignInButton, UserButton } from "@clerk/nextjs";
import { Authenticated, Unauthenticated } from "convex/react";
import Link from "next/link";
import Numbers from "../components/Numbers";

export default function Home() {
  return (
    <>
      <header>
        <span>Convex + Next.js + Clerk</span>
        <UserButton />
      </header>
      <main>
        <h1>Numbers</h1>
        <Authenticated>
          <Numbers />
          <Link href="/server">Numbers rendered on the server</Link>
        </Authenticated>
        <Unauthenticated>
          <p>Sign in to see your numbers.</p>
          <SignInButton mode="modal">
            <button type="button">Sign in</button>
          </SignInButton>
        </Unauthenticated>
      </main>
    </>
  );
}
