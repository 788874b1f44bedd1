import { defineConnector } from "../sdk/define";
import { createOrUpdateFile } from "./actions/files";
import { commentOnIssue, createIssue } from "./actions/issues";
import { githubAuth } from "./auth";
import { webhookEvent } from "./triggers/webhook";

export const githubConnector = defineConnector({
  slug: "github",
  name: "GitHub",
  description: "Open issues, comment, commit files, and start workflows on repository events.",
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 .5a11.5 11.5 0 0 0-3.6 22.4c.6.1.8-.3.8-.6v-2c-3.2.7-3.9-1.5-3.9-1.5-.5-1.3-1.3-1.7-1.3-1.7-1-.7.1-.7.1-.7 1.2.1 1.8 1.2 1.8 1.2 1 1.8 2.8 1.3 3.5 1 .1-.8.4-1.3.7-1.6-2.6-.3-5.3-1.3-5.3-5.7 0-1.3.5-2.3 1.2-3.1-.1-.3-.5-1.5.1-3.1 0 0 1-.3 3.3 1.2a11.4 11.4 0 0 1 6 0C17.3 4.7 18.3 5 18.3 5c.6 1.6.2 2.8.1 3.1.8.8 1.2 1.8 1.2 3.1 0 4.4-2.7 5.4-5.3 5.7.4.4.8 1.1.8 2.2v3.2c0 .3.2.7.8.6A11.5 11.5 0 0 0 12 .5Z" fill="currentColor"/></svg>',
  categories: ["developer"],
  auth: githubAuth,
  baseUrl: "https://api.github.com/",
  actions: [createIssue, commentOnIssue, createOrUpdateFile],
  triggers: [webhookEvent],
});
