import { getConnector, listConnectorSummaries } from "../../services/connectors";
import { roleProcedure, router } from "../init";
import { connectorBySlug } from "./connectors.schema";

/** The catalog: every connector, and one with its auth's connect form (as REST's /connectors). */
export const connectorsRouter = router({
  list: roleProcedure("viewer").query(() => listConnectorSummaries()),
  bySlug: roleProcedure("viewer")
    .input(connectorBySlug)
    .query(({ input }) => getConnector(input.slug)),
});
