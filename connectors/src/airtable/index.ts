import { defineConnector } from "../sdk/define";
import { createRecord } from "./actions/create-record";
import { listRecords } from "./actions/list-records";
import { airtableAuth } from "./auth";
import { icon } from "./icon";
import { newRecord } from "./triggers/new-record";

export const airtable = defineConnector({
  slug: "airtable",
  name: "Airtable",
  description: "Create and read records in Airtable bases, and start workflows when records are added.",
  icon,
  categories: ["productivity", "database"],
  auth: airtableAuth,
  baseUrl: "https://api.airtable.com/v0/",
  actions: [createRecord, listRecords],
  triggers: [newRecord],
});
