import { z } from "zod";
import { secretField } from "../sdk/auth";
import { defineConnector } from "../sdk/define";
import { connectionConfig, query } from "./actions/query";
import { icon } from "./icon";

export const postgres = defineConnector({
  slug: "postgres",
  name: "PostgreSQL",
  description: "Run parameterized queries on your own PostgreSQL database.",
  icon,
  categories: ["database"],
  auth: {
    kind: "custom",
    props: z.object({
      // It holds the database password.
      connectionString: z
        .string()
        .regex(/^postgres(ql)?:\/\/.+/, "a postgresql:// connection string")
        .meta({ title: "Connection string", ...secretField }),
    }),
    // What a step would refuse (file parameters, Unix sockets) is
    // refused when the connection is saved, not at its first run.
    validate: async ({ connectionString }) => void connectionConfig(String(connectionString)),
  },
  actions: [query],
});
