import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { databaseIdFrom, databaseIdProp, notionCall } from "../client";
import { page, simplePage } from "../pages";

/** Notion's largest page of query results. */
const PAGE_SIZE = 100;

const queryAnswer = z.object({ results: z.array(page), has_more: z.boolean(), next_cursor: z.string().nullable() });

export const queryDatabase = defineAction({
  name: "queryDatabase",
  effect: "read",
  title: "Query database",
  description: "Find pages (rows) in a Notion database, optionally filtered and sorted.",
  props: z.object({
    databaseId: databaseIdProp,
    filter: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('A Notion filter object, e.g. {"property": "Status", "status": {"equals": "Done"}}'),
    sorts: z
      .array(z.record(z.string(), z.unknown()))
      .optional()
      .describe('Notion sort objects, e.g. [{"property": "Due", "direction": "ascending"}]'),
    limit: z.number().int().min(1).max(1000).default(100).describe("Most pages to return (up to 1000)"),
  }),
  output: z.object({
    results: z.array(simplePage),
    hasMore: z.boolean().describe("More pages matched than the limit allowed"),
  }),
  sampleOutput: {
    results: [
      {
        id: "59833787-2cf9-4fdf-8782-e53db20768a5",
        url: "https://www.notion.so/Launch-59833787-2cf9-4fdf-8782-e53db20768a5",
        createdTime: "2026-02-10T09:30:00.000Z",
        lastEditedTime: "2026-02-11T16:05:00.000Z",
        properties: {
          Name: "Launch",
          Status: "Done",
          Tags: ["web"],
          Due: "2026-03-01",
          Owner: ["e79a0b74-3aba-4149-9f74-0bb5791a6ee6"],
        },
      },
    ],
    hasMore: false,
  },
  describe: ({ databaseId, limit }) => `Read up to ${limit} pages of Notion database ${databaseIdFrom(databaseId)}`,
  async run({ http, props }) {
    const url = `databases/${databaseIdFrom(props.databaseId)}/query`;
    const results: z.infer<typeof simplePage>[] = [];
    let cursor: string | undefined;
    for (;;) {
      const body = {
        filter: props.filter,
        sorts: props.sorts,
        page_size: Math.min(PAGE_SIZE, props.limit - results.length),
        start_cursor: cursor,
      };
      const answer = await notionCall(http, {
        purpose: "query the database",
        request: { method: "POST", url, body },
        answer: queryAnswer,
      });
      results.push(...answer.results);
      cursor = answer.next_cursor ?? undefined;
      if (!answer.has_more || !cursor || results.length >= props.limit)
        return { results: results.slice(0, props.limit), hasMore: answer.has_more };
    }
  },
});
