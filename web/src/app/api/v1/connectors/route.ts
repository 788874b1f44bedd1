import { listConnectors } from "~/server/services/connectors";
import { apiRoute } from "../_lib/route";

export const GET = apiRoute("viewer", async () => Response.json({ items: listConnectors() }));
