// The inbox procedures' inputs: the REST schemas, with the approval's id beside them.
import { z } from "zod";
import { decisionBody } from "../../services/approvals.schema";

export const approvalById = z.object({ id: z.string().min(1) });
export const decideInput = approvalById.extend(decisionBody.shape).strict();
