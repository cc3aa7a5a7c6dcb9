// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TokenSettingsPanel } from "@/harness/ui/TokenSettingsPanel";
import {
  describeTokenSettings,
  needsStressLifetimes,
} from "@/harness/model/tokenSettings";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const settings = {
  sessionTokenTtlSeconds: 60,
  templateTtlSeconds: 60,
  convexIntegration: "native" as const,
};

describe("token settings panel", () => {
  it("shows a refusal as the route's sentence, not as raw JSON", async () => {
    const sentence =
      "templateTtlSeconds must be at least 11 s: the Convex client refreshes 10 s before expiry, so a shorter token would be refetched in a loop.";
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Response.json({ error: sentence }, { status: 400 })),
    );
    render(
      <TokenSettingsPanel
        available
        settings={settings}
        onSettings={() => {}}
        ready={false}
      />,
    );
    await userEvent.click(screen.getByTestId("preset-short"));
    const status = await screen.findByTestId("token-settings-status");
    expect(status).toHaveTextContent(sentence);
    expect(status.textContent).not.toMatch(/[{}"]/);
  });

  it("sets 15 s session and template tokens in one click and says so", async () => {
    const fetchMock = vi.fn(async () =>
      Response.json({
        settings: {
          ...settings,
          sessionTokenTtlSeconds: 15,
          templateTtlSeconds: 15,
        },
      }),
    );
    vi.stubGlobal("fetch", fetchMock);
    const onSettings = vi.fn();
    render(
      <TokenSettingsPanel
        available
        settings={settings}
        onSettings={onSettings}
        ready={false}
      />,
    );
    await userEvent.click(screen.getByTestId("preset-short"));
    const [, init] = fetchMock.mock.calls[0] as unknown as [
      string,
      RequestInit,
    ];
    // 15 s is shorter than real Clerk allows, so the preset asks for stress lifetimes.
    expect(JSON.parse(String(init.body))).toEqual({
      sessionTokenTtlSeconds: 15,
      templateTtlSeconds: 15,
      stressLifetimes: true,
    });
    expect(
      await screen.findByTestId("token-settings-status"),
    ).toHaveTextContent(
      /^Saved\. Session tokens live 15 s and convex template tokens 15 s;/,
    );
    expect(onSettings).toHaveBeenCalledWith(
      expect.objectContaining({ sessionTokenTtlSeconds: 15 }),
      true,
    );
  });

  it("points to the Clerk dashboard and hides the controls against real Clerk", () => {
    render(
      <TokenSettingsPanel
        available={false}
        settings={null}
        onSettings={() => {}}
        ready
      />,
    );
    expect(screen.getByTestId("token-settings")).toHaveTextContent(
      /Lifetimes are set in the Clerk dashboard/,
    );
    expect(screen.queryByTestId("preset-short")).toBeNull();
  });
});

describe("token settings rules", () => {
  it("ask for stress lifetimes only for what real Clerk cannot have", () => {
    expect(needsStressLifetimes({ sessionTokenTtlSeconds: 60 })).toBe(false);
    expect(needsStressLifetimes({ templateTtlSeconds: 30 })).toBe(false);
    expect(needsStressLifetimes({ sessionTokenTtlSeconds: 61 })).toBe(true);
    expect(needsStressLifetimes({ templateTtlSeconds: 29 })).toBe(true);
    expect(needsStressLifetimes({ convexIntegration: "template" })).toBe(false);
  });

  it("describe stress lifetimes and a deleted convex template", () => {
    expect(
      describeTokenSettings({
        ...settings,
        sessionTokenTtlSeconds: 15,
        templateTtlSeconds: null,
        stressLifetimes: true,
      }),
    ).toMatch(
      /^Session tokens live 15 s and there is no convex template;.*real Clerk cannot be configured so\.$/,
    );
  });
});
