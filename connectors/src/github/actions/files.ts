import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { quoted } from "../../sdk/describe";
import { NonRetryableError } from "../../sdk/errors";
import { github, repoPath } from "../client";

export const createOrUpdateFile = defineAction({
  name: "createOrUpdateFile",
  effect: "write",
  title: "Create or update file",
  description: "Commit a file's new content, creating it when it does not exist.",
  props: z.object({
    owner: z.string().min(1),
    repo: z.string().min(1),
    path: z
      .string()
      .min(1)
      .regex(/^[^/].*[^/]$|^[^/]$/, "a file path without leading or trailing /"),
    content: z.string(),
    message: z.string().min(1),
    branch: z.string().optional(),
  }),
  output: z.object({ path: z.string(), sha: z.string(), commitSha: z.string(), created: z.boolean() }),
  sampleOutput: { path: "CHANGELOG.md", sha: "3d21ec53…", commitSha: "7638417d…", created: false },
  describe: ({ owner, repo, path, branch, message }) =>
    `Commit ${path} to ${owner}/${repo}${branch ? ` on branch ${branch}` : ""}: ${quoted(message)}`,
  async run({ http, props }) {
    const path = props.path.split("/").map(encodeURIComponent).join("/");
    const url = `${repoPath(props.owner, props.repo)}/contents/${path}`;
    // Updating needs the current blob sha; a 404 means the file is new.
    let sha: string | undefined;
    try {
      // GitHub lists a directory's contents instead of describing it.
      const { body: existing } = await github<{ sha?: string; type?: string } | unknown[]>(http, {
        url: props.branch ? `${url}?ref=${encodeURIComponent(props.branch)}` : url,
      });
      if (Array.isArray(existing)) throw new NonRetryableError(`${props.path} is a directory, not a file`);
      if (existing?.type && existing.type !== "file")
        throw new NonRetryableError(`${props.path} is a ${existing.type}, not a file`);
      sha = existing?.sha;
    } catch (err) {
      if (!(err instanceof NonRetryableError && err.message.startsWith("GitHub: not found"))) throw err;
    }
    const res = await github<{ content: { path: string; sha: string }; commit: { sha: string } }>(http, {
      method: "PUT",
      url,
      body: {
        message: props.message,
        content: Buffer.from(props.content, "utf8").toString("base64"),
        ...(sha ? { sha } : {}),
        ...(props.branch ? { branch: props.branch } : {}),
      },
    });
    return {
      path: res.body?.content?.path,
      sha: res.body?.content?.sha,
      commitSha: res.body?.commit?.sha,
      created: !sha,
    };
  },
});
