// infra/slack-app-manifest.yaml parses, and agrees with the code: the scopes the Slack
// connector requests and the paths web serves.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { builtinRegistry, connectorMetadata } from "@switchyard/connectors";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "./env";

interface SlackManifest {
  oauth_config: { redirect_urls: string[]; scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

const PLACEHOLDER_ORIGIN = "https://switchyard.example.com";

const manifest = parse(await readFile(path.join(repoRoot, "infra/slack-app-manifest.yaml"), "utf8")) as SlackManifest;
const slack = connectorMetadata(builtinRegistry.connectors.find((c) => c.slug === "slack")!);

/** The path of a URL on the placeholder host, which the manifest's comment says to replace. */
const pathOn = (url: string) => {
  expect(new URL(url).origin).toBe(PLACEHOLDER_ORIGIN);
  return new URL(url).pathname;
};

describe("Slack app manifest", () => {
  it("points Slack at the routes web serves", () => {
    expect(manifest.settings.interactivity).toMatchObject({ is_enabled: true });
    expect(pathOn(manifest.settings.interactivity.request_url)).toBe("/api/slack/interactions");
    expect(pathOn(manifest.settings.event_subscriptions.request_url)).toBe(slack.eventsPath);
    expect(manifest.oauth_config.redirect_urls.map(pathOn)).toEqual(["/api/v1/oauth/callback"]);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it("grants exactly the bot scopes the Slack connector requests", () => {
    expect(manifest.oauth_config.scopes.bot.toSorted()).toEqual(slack.auth.scopes?.toSorted());
  });
});
