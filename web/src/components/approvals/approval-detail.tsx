"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { ApprovalStatus } from "./approval-status";
import { ErrorState, Loading } from "~/components/ui/states";
import { Timestamp } from "~/components/ui/timestamp";
import { useTRPC } from "~/lib/trpc/react";
import { ApprovalDecisions } from "./approval-decisions";
import { ApprovalPreview } from "./approval-preview";
import type { Approval } from "./approval-types";
import { DecisionForm } from "./decision-form";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-2">
      <h3 className="text-sm font-semibold">{title}</h3>
      {children}
    </section>
  );
}

function Facts({ workspace, a, canReadRuns }: { workspace: string; a: Approval; canReadRuns: boolean }) {
  const who = a.approvers?.join(", ") ?? "any member with the approver role or higher";
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
      <dt className="text-slate-500">Workflow</dt>
      <dd>
        {a.workflow}
        {canReadRuns && (
          <>
            {" · "}
            <Link href={`/w/${workspace}/runs/${a.runId}`} className="text-accent-700 hover:underline">
              open the run
            </Link>
          </>
        )}
      </dd>
      <dt className="text-slate-500">Waiting since</dt>
      <dd>
        <Timestamp iso={a.createdAt} />
      </dd>
      <dt className="text-slate-500">{a.status === "pending" ? "Times out" : "Was due"}</dt>
      <dd>
        <Timestamp iso={a.expiresAt} />
      </dd>
      <dt className="text-slate-500">Approvers</dt>
      <dd>
        {who}
        {a.quorum > 1 && ` (${a.quorum} needed)`}
        {a.escalatedAt && `; escalated to ${a.escalateTo?.join(", ") ?? "more approvers"}`}
      </dd>
    </dl>
  );
}

/** One approval: what it is about, what happens next, the decisions so far, and (while pending) the decision form. */
export function ApprovalDetail({
  workspace,
  id,
  canReadRuns,
}: {
  workspace: string;
  id: string;
  canReadRuns: boolean;
}) {
  const trpc = useTRPC();
  const query = useQuery(trpc.approvals.byId.queryOptions({ id }));
  if (query.isPending) return <Loading label="Loading the approval" />;
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  const a = query.data;
  return (
    <article className="space-y-5" aria-label={a.title}>
      <header>
        <div className="flex items-center gap-2">
          <h2 className="text-lg font-semibold">{a.title}</h2>
          <ApprovalStatus status={a.status} />
        </div>
        {a.message && <p className="mt-1 text-sm whitespace-pre-wrap text-slate-700">{a.message}</p>}
      </header>
      <Facts workspace={workspace} a={a} canReadRuns={canReadRuns} />
      {a.kind === "approval" && (
        <Section title="If approved">
          <ApprovalPreview preview={a.preview} />
        </Section>
      )}
      <Section title="Decisions">
        <ApprovalDecisions decisions={a.decisions} />
      </Section>
      {a.status === "pending" && <DecisionForm key={a.id} approval={a} />}
    </article>
  );
}
