import { z } from "zod";
import { defineConnector } from "../sdk/define";
import { connectionConfig, query } from "./actions/query";

export const postgres = defineConnector({
  slug: "postgres",
  name: "PostgreSQL",
  description: "Run parameterized queries on your own PostgreSQL database.",
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><ellipse cx="12" cy="6" rx="8" ry="3" fill="none" stroke="currentColor" stroke-width="2"/><path d="M4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3" fill="none" stroke="currentColor" stroke-width="2"/></svg>',
  categories: ["database"],
  auth: {
    kind: "custom",
    props: z.object({ connectionString: z.string().regex(/^postgres(ql)?:\/\/.+/, "a postgresql:// connection string") }),
    // What a step would refuse (file parameters, Unix sockets) is refused when the connection is saved, not at its first run.
    validate: async ({ connectionString }) => void connectionConfig(String(connectionString)),
  },
  actions: [query],
});
