/** How a connector connects, in a word or two for its card. */
export const AUTH_LABEL: Record<string, string> = {
  oauth2: "Sign in (OAuth2)",
  apiKey: "API key",
  bearer: "Token",
  basic: "Username and password",
  custom: "Credentials",
  none: "No connection needed",
};

export const authLabel = (kind: string) => AUTH_LABEL[kind] ?? kind;
