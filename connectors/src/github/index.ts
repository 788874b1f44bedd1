import { defineConnector } from "../sdk/define";
import { createOrUpdateFile } from "./actions/files";
import { commentOnIssue, createIssue } from "./actions/issues";
import { githubAuth } from "./auth";
import { icon } from "./icon";
import { webhookEvent } from "./triggers/webhook";

export const githubConnector = defineConnector({
  slug: "github",
  name: "GitHub",
  description: "Open issues, comment, commit files, and start workflows on repository events.",
  icon,
  categories: ["developer"],
  auth: githubAuth,
  baseUrl: "https://api.github.com/",
  actions: [createIssue, commentOnIssue, createOrUpdateFile],
  triggers: [webhookEvent],
});
