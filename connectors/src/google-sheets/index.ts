import { defineConnector } from "../sdk/define";
import { appendRow } from "./actions/append-row";
import { lookupRow } from "./actions/lookup-row";
import { updateRow } from "./actions/update-row";
import { googleSheetsAuth } from "./auth";
import { icon } from "./icon";
import { newRow } from "./triggers/new-row";

export const googleSheets = defineConnector({
  slug: "google-sheets",
  name: "Google Sheets",
  description: "Add, update and find rows in Google Sheets, and start workflows on new rows.",
  icon,
  categories: ["productivity"],
  auth: googleSheetsAuth,
  baseUrl: "https://sheets.googleapis.com/",
  actions: [appendRow, updateRow, lookupRow],
  triggers: [newRow],
});
