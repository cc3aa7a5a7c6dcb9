"use client";

import { useId, useState, type FormEvent } from "react";
import { useLocalAuthContext } from "./LocalAuthProvider";

type Preset = { readonly name: string; readonly email: string };

/**
 * Development sign-in: pick a preset user or type a name and email. No password; the
 * local identity provider trusts whatever is entered.
 */
export function LocalSignInForm({
  redirectUrl,
  presets,
  disabledReason,
}: {
  redirectUrl: string;
  presets: readonly Preset[];
  disabledReason?: string;
}) {
  const { session, signIn } = useLocalAuthContext();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const errorId = useId();
  const nameId = useId();
  const emailId = useId();

  async function submit(input: { name: string; email: string }) {
    setError(null);
    setPending(true);
    try {
      const result = await signIn(input);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      // A full navigation, so protected pages render with the new cookie from the start.
      window.location.assign(redirectUrl);
    } catch (caught) {
      setError(`Could not reach the sign-in endpoint: ${String(caught)}`);
    } finally {
      setPending(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!name.trim() || !email.trim()) {
      setError("Enter both a name and an email address.");
      return;
    }
    void submit({ name, email });
  }

  if (disabledReason) {
    return (
      <section className="rounded-lg border border-amber-300 bg-amber-50 p-6">
        <h1 className="text-xl font-semibold">Sign-in unavailable</h1>
        <p className="mt-2 text-sm text-amber-900" role="alert">
          {disabledReason}
        </p>
      </section>
    );
  }

  const inputClass =
    "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500 aria-[invalid=true]:border-red-500";

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-semibold">Sign in (development)</h1>
      <p className="mt-1 text-sm text-slate-600">
        Local identity provider: no password. Pick a user or type one.
      </p>
      {session?.signedIn ? (
        <p className="mt-3 text-sm text-slate-700">
          Currently signed in as <strong>{session.user.name}</strong> (
          {session.user.email}). Signing in again replaces that session.
        </p>
      ) : null}

      <h2 className="mt-6 text-sm font-medium text-slate-700">Preset users</h2>
      <ul className="mt-2 space-y-2">
        {presets.map((preset) => (
          <li key={preset.email}>
            <button
              type="button"
              disabled={pending}
              onClick={() => void submit(preset)}
              className="w-full rounded-md border border-slate-300 px-3 py-2 text-left text-sm hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-50"
            >
              <span className="font-medium">Sign in as {preset.name}</span>
              <span className="block text-xs text-slate-500">
                {preset.email}
              </span>
            </button>
          </li>
        ))}
      </ul>

      <form className="mt-6 space-y-4" onSubmit={onSubmit} noValidate>
        <h2 className="text-sm font-medium text-slate-700">Or type a user</h2>
        <div>
          <label htmlFor={nameId} className="block text-sm font-medium">
            Name
          </label>
          <input
            id={nameId}
            name="name"
            autoComplete="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={error !== null}
            aria-describedby={error ? errorId : undefined}
            className={inputClass}
          />
        </div>
        <div>
          <label htmlFor={emailId} className="block text-sm font-medium">
            Email
          </label>
          <input
            id={emailId}
            name="email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={error !== null}
            aria-describedby={error ? errorId : undefined}
            className={inputClass}
          />
        </div>
        {error ? (
          <p id={errorId} role="alert" className="text-sm text-red-600">
            {error}
          </p>
        ) : null}
        <button
          type="submit"
          disabled={pending}
          className="w-full rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 disabled:opacity-50"
        >
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </section>
  );
}
