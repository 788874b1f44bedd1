import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { quoted } from "../../sdk/describe";
import { github, repoPath } from "../client";

const repo = { owner: z.string().min(1), repo: z.string().min(1) };

export const createIssue = defineAction({
  name: "createIssue",
  effect: "write",
  title: "Create issue",
  description: "Open an issue in a repository.",
  props: z.object({
    ...repo,
    title: z.string().min(1).max(256),
    body: z.string().optional(),
    labels: z.array(z.string()).optional(),
    assignees: z.array(z.string()).optional(),
  }),
  output: z.object({ number: z.number(), url: z.string() }),
  sampleOutput: { number: 42, url: "https://github.com/acme/app/issues/42" },
  describe: ({ owner, repo, title }) => `Open an issue in ${owner}/${repo}: ${quoted(title)}`,
  async run({ http, props }) {
    const { owner, repo: name, ...issue } = props;
    const res = await github<{ number: number; html_url: string }>(http, {
      method: "POST",
      url: `${repoPath(owner, name)}/issues`,
      body: issue,
    });
    return { number: res.body?.number, url: res.body?.html_url };
  },
});

export const commentOnIssue = defineAction({
  name: "commentOnIssue",
  effect: "write",
  title: "Comment on issue",
  description: "Add a comment to an issue or pull request.",
  props: z.object({ ...repo, issueNumber: z.number().int().positive(), body: z.string().min(1) }),
  output: z.object({ id: z.number(), url: z.string() }),
  sampleOutput: { id: 1001, url: "https://github.com/acme/app/issues/42#issuecomment-1001" },
  describe: ({ owner, repo, issueNumber, body }) => `Comment on ${owner}/${repo}#${issueNumber}: ${quoted(body)}`,
  async run({ http, props }) {
    const res = await github<{ id: number; html_url: string }>(http, {
      method: "POST",
      url: `${repoPath(props.owner, props.repo)}/issues/${props.issueNumber}/comments`,
      body: { body: props.body },
    });
    return { id: res.body?.id, url: res.body?.html_url };
  },
});
