import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "~/server/trpc/root";

export type Approval = inferRouterOutputs<AppRouter>["approvals"]["byId"];
export type InboxStatus = "pending" | "decided";
