import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { graph } from "../client";

/** Graph's largest page size for me/accounts; the cap keeps a huge Business account's list bounded. */
const PAGE_SIZE = 100;
const MAX_PAGES = 500;

const account = z.object({
  id: z.string().min(1),
  name: z.string(),
  category: z.string().optional(),
  tasks: z.array(z.string()).optional(),
});
const accountsAnswer = z.object({
  data: z.array(account),
  // `after` is given on the last page too; only `next` says there is more.
  paging: z
    .object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() })
    .optional(),
});

const page = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  canPost: z
    .boolean()
    .describe("Whether the connected account's role on the Page allows creating posts (the CREATE_CONTENT task)."),
});

/** Cursors instead of `paging.next`: that URL carries the user's token in its query string. */
function accountsUrl(after: string | undefined): string {
  const query = new URLSearchParams({
    fields: "id,name,category,tasks",
    limit: String(PAGE_SIZE),
    ...(after ? { after } : {}),
  });
  return `me/accounts?${query}`;
}

export const listPages = defineAction({
  name: "listPages",
  effect: "read",
  title: "List pages",
  description:
    "List the Facebook Pages the connected account manages and shared with Switchyard, with their IDs for posting.",
  props: z.object({}),
  output: z.object({
    pages: z.array(page),
    truncated: z
      .boolean()
      .describe(`True when the account has more than ${MAX_PAGES} Pages and only the first ${MAX_PAGES} are listed.`),
  }),
  sampleOutput: {
    pages: [
      { id: "104183265412345", name: "Acme Coffee Roasters", category: "Coffee shop", canPost: true },
      { id: "109876543210987", name: "Acme Careers", category: "Company", canPost: false },
    ],
    truncated: false,
  },
  async run({ http }) {
    const pages: z.infer<typeof page>[] = [];
    let after: string | undefined;
    for (;;) {
      const answer = await graph(http, {
        purpose: "list the account's Pages",
        request: { url: accountsUrl(after) },
        answer: accountsAnswer,
      });
      pages.push(
        ...answer.data.map((a) => ({
          id: a.id,
          name: a.name,
          category: a.category ?? null,
          canPost: a.tasks?.includes("CREATE_CONTENT") ?? false,
        })),
      );
      after = answer.paging?.next ? answer.paging.cursors?.after : undefined;
      if (!after) return { pages, truncated: false };
      if (pages.length >= MAX_PAGES) return { pages: pages.slice(0, MAX_PAGES), truncated: true };
    }
  },
});
