"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Field, Textarea } from "~/components/ui/field";
import { fieldValues, initialDraft, type InboxField } from "~/lib/approvals/field-values";
import { useTRPC } from "~/lib/trpc/react";
import type { Approval } from "./approval-types";
import { FieldInput } from "./field-input";
import { useApprovalChanged } from "./use-approval-changed";

type Decision = "approve" | "reject" | "submit";

function Outcome({ reply }: { reply: { status: string; approvals: number; quorum: number } }) {
  const text =
    reply.status === "pending"
      ? `Your approval is recorded: ${reply.approvals} of ${reply.quorum} needed.`
      : `Recorded: this checkpoint is now ${reply.status.replace("_", " ")}.`;
  return (
    <p role="status" className="text-sm text-emerald-700">
      {text}
    </p>
  );
}

/** Approve (with edits) or reject an approval; submit (the form) or reject a task. Refusals in the server's words. */
export function DecisionForm({ approval }: { approval: Approval }) {
  const trpc = useTRPC();
  const changed = useApprovalChanged();
  const task = approval.kind === "task";
  const fields = (task ? approval.form : approval.editable) as InboxField[];
  const [draft, setDraft] = useState(() => initialDraft(fields));
  const [comment, setComment] = useState("");
  // Refreshed after a refusal too: "already decided" means the list is out of date.
  const decide = useMutation(trpc.approvals.decide.mutationOptions({ onSettled: changed }));
  const send = (decision: Decision) => {
    const values = decision === "reject" ? {} : fieldValues(fields, draft, decision === "approve");
    decide.mutate({
      id: approval.id,
      decision,
      ...(comment.trim() ? { comment: comment.trim() } : {}),
      ...(decision === "approve" && Object.keys(values).length ? { edits: values } : {}),
      ...(decision === "submit" ? { values } : {}),
    });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send(task ? "submit" : "approve");
  };
  const busy = decide.isPending;
  return (
    <form onSubmit={submit} className="space-y-4" aria-label={task ? "Task form" : "Decision"}>
      {fields.length > 0 && (
        <fieldset className="space-y-3">
          <legend className="mb-2 text-sm font-semibold">{task ? "Fill in" : "You may change before approving"}</legend>
          {fields.map((f) => (
            <FieldInput
              key={f.key}
              field={f}
              value={draft[f.key] ?? ""}
              disabled={busy}
              onChange={(v) => setDraft({ ...draft, [f.key]: v })}
            />
          ))}
        </fieldset>
      )}
      <Field label="Comment (optional)">
        {(control) => (
          <Textarea
            {...control}
            className="font-sans text-sm"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        )}
      </Field>
      {decide.error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {decide.error.message}
        </p>
      )}
      {decide.data && <Outcome reply={decide.data} />}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={busy}>
          {task ? "Submit" : "Approve"}
        </Button>
        <Button variant="danger" disabled={busy} onClick={() => send("reject")}>
          Reject
        </Button>
      </div>
    </form>
  );
}
