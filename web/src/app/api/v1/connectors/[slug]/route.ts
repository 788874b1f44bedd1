import { getConnector } from "~/server/services/connectors";
import { apiRoute } from "../../_lib/route";

export const GET = apiRoute<{ slug: string }>("viewer", async ({ params }) => Response.json(getConnector(params.slug)));
