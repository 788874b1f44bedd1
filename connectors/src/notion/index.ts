import { defineConnector } from "../sdk/define";
import { createDatabasePage } from "./actions/create-database-page";
import { queryDatabase } from "./actions/query-database";
import { notionAuth } from "./auth";
import { icon } from "./icon";

export const notion = defineConnector({
  slug: "notion",
  name: "Notion",
  description: "Add pages to Notion databases and query them.",
  icon,
  categories: ["productivity"],
  auth: notionAuth,
  baseUrl: "https://api.notion.com/v1/",
  actions: [createDatabasePage, queryDatabase],
});
