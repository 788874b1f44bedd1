import type { AuthDefinition } from "../sdk/auth";
import { github } from "./client";

export const githubAuth: AuthDefinition = {
  kind: "oauth2",
  authorizationUrl: "https://github.com/login/oauth/authorize",
  tokenUrl: "https://github.com/login/oauth/access_token",
  scopes: ["repo", "admin:repo_hook"],
  pkce: true,
  async test({ http }) {
    await github(http, { url: "user" });
  },
};
