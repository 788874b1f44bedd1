import { defineConnector } from "../sdk/define";
import { createRecord } from "./actions/create-record";
import { listRecords } from "./actions/list-records";
import { airtableAuth } from "./auth";
import { newRecord } from "./triggers/new-record";

export const airtable = defineConnector({
  slug: "airtable",
  name: "Airtable",
  description: "Create and read records in Airtable bases, and start workflows when records are added.",
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M10.9 2.6 2.1 6.2a.6.6 0 0 0 0 1.1l8.9 3.5a2.6 2.6 0 0 0 1.9 0l8.9-3.5a.6.6 0 0 0 0-1.1l-8.9-3.6a2.6 2.6 0 0 0-2 0Z" fill="#FCB400"/><path d="M13 12.9v8.7a.6.6 0 0 0 .8.6l9.8-3.8a.6.6 0 0 0 .4-.6V9.1a.6.6 0 0 0-.8-.6l-9.8 3.8a.6.6 0 0 0-.4.6Z" fill="#18BFFF"/><path d="m10.7 13.3-2.9 1.4-.3.2-6.1 2.9a.6.6 0 0 1-.9-.5V9.2c0-.2.1-.3.2-.4l.2-.1h.5l9.2 3.7c.4.2.5.7.1.9Z" fill="#F82B60"/></svg>',
  categories: ["productivity", "database"],
  auth: airtableAuth,
  baseUrl: "https://api.airtable.com/v0/",
  actions: [createRecord, listRecords],
  triggers: [newRecord],
});
