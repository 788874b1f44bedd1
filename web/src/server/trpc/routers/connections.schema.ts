// The connections procedures' inputs: the REST schemas, with the connection's id beside them.
import { z } from "zod";
import { connectionName, createConnectionInput } from "../../services/connections";
import { credentialsBody } from "../../services/connections.schema";
import { startBody } from "../../services/oauth";

export const connectionById = z.object({ id: z.string().min(1) });
export const createInput = createConnectionInput;
export const renameInput = connectionById.extend({ name: connectionName });
export const credentialsInput = connectionById.extend(credentialsBody.shape);
export const startOAuthInput = startBody.extend({ connector: z.string().min(1) });
