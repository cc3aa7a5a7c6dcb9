"use client";

import { useEffect, useState } from "react";
import { callControl } from "@/harness/browser/controlRequest";
import {
  LIFETIME_PRESETS,
  MAX_TOKEN_SECONDS,
  MIN_TOKEN_SECONDS,
  TOKEN_SETTINGS_ROUTE,
  describeTokenSettings,
  needsStressLifetimes,
  tokenSettingsSchema,
  type TokenSettings,
  type TokenSettingsUpdate,
} from "@/harness/model/tokenSettings";
import { busyText, useBusy } from "./useBusy";
import { controlButton } from "./styles";

function settingsFrom(body: unknown): TokenSettings | null {
  const parsed = tokenSettingsSchema.safeParse(
    (body as { settings?: unknown } | null)?.settings,
  );
  return parsed.success ? parsed.data : null;
}

/**
 * Token lifetimes and the Convex flavour of the local Clerk stand-in. Against real
 * Clerk these live in the Clerk dashboard, and the panel says so.
 */
export function TokenSettingsPanel({
  available,
  settings,
  onSettings,
  ready,
}: {
  available: boolean;
  settings: TokenSettings | null;
  onSettings: (settings: TokenSettings, changed: boolean) => void;
  /** The page's routes have answered once (no compile stall ahead). */
  ready: boolean;
}) {
  const { busy, waitedSeconds, run } = useBusy();
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(
    null,
  );
  const [sessionDraft, setSessionDraft] = useState("");
  const [templateDraft, setTemplateDraft] = useState("");

  useEffect(() => {
    if (!available || !ready) return;
    let cancelled = false;
    void callControl(TOKEN_SETTINGS_ROUTE).then((result) => {
      if (cancelled) return;
      if (!result.ok) {
        setStatus({ ok: false, text: result.sentence });
        return;
      }
      const read = settingsFrom(result.body);
      if (read) onSettings(read, false);
    });
    return () => {
      cancelled = true;
    };
    // Read once when the routes are ready.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [available, ready]);

  if (!available) {
    return (
      <section
        data-testid="token-settings"
        data-available="false"
        className="rounded-lg border border-slate-300 bg-white p-3 text-sm text-slate-700 sm:p-4"
      >
        <h2 className="mb-1 text-base font-semibold">Token lifetimes</h2>
        <p>
          Lifetimes are set in the Clerk dashboard: session tokens under
          Sessions (60 s by default), the convex JWT template&apos;s under JWT
          templates. The lanes read the lifetime from each token.
        </p>
      </section>
    );
  }

  async function apply(update: TokenSettingsUpdate) {
    const result = await run(() =>
      callControl(TOKEN_SETTINGS_ROUTE, { method: "POST", body: update }),
    );
    if (!result.ok) {
      setStatus({ ok: false, text: result.sentence });
      return;
    }
    const next = settingsFrom(result.body);
    if (next) {
      onSettings(next, true);
      setStatus({
        ok: true,
        text: `Saved. ${describeTokenSettings(next)} Tokens minted from now on use it; reload the page to start every lane on it.`,
      });
    }
  }

  function applyDrafts() {
    const update: TokenSettingsUpdate = {};
    for (const [draft, key] of [
      [sessionDraft, "sessionTokenTtlSeconds"],
      [templateDraft, "templateTtlSeconds"],
    ] as const) {
      if (draft.trim() === "") continue;
      const seconds = Number(draft);
      if (
        !Number.isInteger(seconds) ||
        seconds < MIN_TOKEN_SECONDS ||
        seconds > MAX_TOKEN_SECONDS
      ) {
        setStatus({
          ok: false,
          text: `A lifetime must be a whole number of seconds from ${MIN_TOKEN_SECONDS} to ${MAX_TOKEN_SECONDS}.`,
        });
        return;
      }
      update[key] = seconds;
    }
    if (Object.keys(update).length === 0) {
      setStatus({ ok: false, text: "Enter a lifetime first." });
      return;
    }
    // Lifetimes real Clerk cannot have need the stand-in's stress switch.
    if (needsStressLifetimes(update)) update.stressLifetimes = true;
    void apply(update);
  }

  return (
    <section
      data-testid="token-settings"
      data-available="true"
      className="flex min-w-0 flex-col gap-2 rounded-lg border border-slate-300 bg-white p-3 text-sm sm:p-4"
    >
      <h2 className="text-base font-semibold">Token lifetimes</h2>
      <p
        data-testid="token-settings-current"
        className="break-words text-slate-700"
      >
        {settings
          ? describeTokenSettings(settings)
          : "Reading the local Clerk stand-in's settings…"}
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <button
          type="button"
          data-testid="preset-short"
          className={controlButton}
          disabled={busy}
          onClick={() => void apply(LIFETIME_PRESETS.short)}
        >
          15 s tokens (see refreshes within a minute)
        </button>
        <button
          type="button"
          data-testid="preset-default"
          className={controlButton}
          disabled={busy}
          onClick={() => void apply(LIFETIME_PRESETS.clerkDefault)}
        >
          60 s tokens (Clerk&apos;s default)
        </button>
        <button
          type="button"
          data-testid="flavour-toggle"
          className={controlButton}
          disabled={busy || !settings}
          onClick={() =>
            void apply({
              convexIntegration:
                settings?.convexIntegration === "native"
                  ? "template"
                  : "native",
            })
          }
        >
          {settings?.convexIntegration === "native"
            ? "Use the convex template instead"
            : "Use session tokens (native)"}
        </button>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <LifetimeInput
          label="Session token (s)"
          testId="session-ttl"
          current={settings?.sessionTokenTtlSeconds}
          value={sessionDraft}
          onChange={setSessionDraft}
        />
        <LifetimeInput
          label="convex template (s)"
          testId="template-ttl"
          current={settings?.templateTtlSeconds ?? undefined}
          value={templateDraft}
          onChange={setTemplateDraft}
        />
        <button
          type="button"
          data-testid="apply-lifetimes"
          className={controlButton}
          disabled={busy}
          onClick={applyDrafts}
        >
          Apply
        </button>
      </div>
      {busy ? (
        <p role="status" className="break-words text-slate-600">
          {busyText(waitedSeconds)}
        </p>
      ) : status ? (
        <p
          data-testid="token-settings-status"
          role="status"
          className={`break-words ${status.ok ? "text-emerald-800" : "text-rose-800"}`}
        >
          {status.text}
        </p>
      ) : null}
    </section>
  );
}

/** One lifetime field; the placeholder shows the stand-in's current value. */
function LifetimeInput({
  label,
  testId,
  current,
  value,
  onChange,
}: {
  label: string;
  testId: string;
  current: number | undefined;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="flex flex-col text-xs text-slate-600">
      {label}
      <input
        data-testid={testId}
        type="number"
        min={MIN_TOKEN_SECONDS}
        max={MAX_TOKEN_SECONDS}
        placeholder={String(current ?? 60)}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className="w-24 rounded border border-slate-300 px-2 py-1 text-sm"
      />
    </label>
  );
}
