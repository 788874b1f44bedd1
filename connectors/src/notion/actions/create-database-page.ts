import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { withFields } from "../../sdk/describe";
import { NonRetryableError } from "../../sdk/errors";
import { databaseIdFrom, databaseIdProp, notionCall } from "../client";
import { contentBlocks } from "../content";
import { page, simpleValue } from "../pages";
import { databaseSchema, simpleInput, toNotionProperties } from "../write-properties";

/** Notion takes at most this many blocks per request; the rest is appended afterwards. */
const BLOCKS_PER_REQUEST = 100;

export const createDatabasePage = defineAction({
  name: "createDatabasePage",
  effect: "write",
  title: "Create database page",
  description: "Add a page (a row) to a Notion database, with property values and optional content.",
  props: z.object({
    databaseId: databaseIdProp,
    properties: z
      .record(z.string(), simpleInput)
      .default({})
      .describe(
        'Property name → value, e.g. {"Name": "Launch", "Status": "In progress", "Tags": ["web"], ' +
          '"Due": "2026-03-01", "Done": false}. Values are converted by each property\'s type; ' +
          'people and relations take IDs; null or "" leaves a property empty.',
      ),
    content: z
      .string()
      .optional()
      .describe(
        "Page body as text: blank lines separate paragraphs; lines starting with #, -, 1., - [ ] or > " +
          "become headings, bullets, numbered items, to-dos and quotes",
      ),
    notionProperties: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        "Property values in Notion's own API shape, for types the simple form does not cover; " +
          "they win over `properties`",
      ),
  }),
  output: z.object({
    id: z.string(),
    url: z.string(),
    createdTime: z.string(),
    properties: z.record(z.string(), simpleValue),
  }),
  sampleOutput: {
    id: "59833787-2cf9-4fdf-8782-e53db20768a5",
    url: "https://www.notion.so/Launch-59833787-2cf9-4fdf-8782-e53db20768a5",
    createdTime: "2026-02-10T09:30:00.000Z",
    properties: { Name: "Launch", Status: "In progress", Tags: ["web"], Due: "2026-03-01", Done: false },
  },
  describe: ({ databaseId, properties }) =>
    withFields(`Create a page in Notion database ${databaseIdFrom(databaseId)}`, properties),
  async run({ http, props }) {
    const id = databaseIdFrom(props.databaseId);
    // The schema is only needed to type simple values.
    const simple = Object.keys(props.properties).length
      ? toNotionProperties(
          props.properties,
          await notionCall(http, {
            purpose: "look up the database",
            request: { url: `databases/${id}` },
            answer: databaseSchema,
          }),
        )
      : {};
    const blocks = props.content ? contentBlocks(props.content) : [];
    const created = await notionCall(http, {
      purpose: "create the page",
      request: {
        method: "POST",
        url: "pages",
        body: {
          parent: { database_id: id },
          properties: { ...simple, ...props.notionProperties },
          ...(blocks.length ? { children: blocks.slice(0, BLOCKS_PER_REQUEST) } : {}),
        },
      },
      answer: page,
    });
    for (let i = BLOCKS_PER_REQUEST; i < blocks.length; i += BLOCKS_PER_REQUEST) {
      // Nothing of the answer (the appended blocks) is used.
      const append = {
        method: "PATCH",
        url: `blocks/${created.id}/children`,
        body: { children: blocks.slice(i, i + BLOCKS_PER_REQUEST) },
      };
      await notionCall(http, { purpose: "add content to the page", request: append, answer: z.unknown() }).catch(
        (err: unknown) => {
          // Retrying the step would create a second page; say what exists instead.
          throw new NonRetryableError(
            `Notion created the page (${created.url}) but adding the rest of its content failed after ${i} blocks: ` +
              (err as Error).message,
          );
        },
      );
    }
    return { id: created.id, url: created.url, createdTime: created.createdTime, properties: created.properties };
  },
});
