// The runs procedures' answers as the browser receives them (JSON: unknown fields may be absent).
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "~/server/trpc/root";

type RunsOutputs = inferRouterOutputs<AppRouter>["runs"];

export type RunDetail = RunsOutputs["detail"];
export type StepStateView = RunDetail["steps"][number];
export type ApprovalView = NonNullable<StepStateView["approval"]>;
export type Payload = NonNullable<RunsOutputs["step"]["input"]>;
export type RunSummary = RunsOutputs["list"]["items"][number];
