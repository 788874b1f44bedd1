"use client";
import { useMutation } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { useTRPC } from "~/lib/trpc/react";
import type { InvitationOffer } from "~/server/services/invitation-accept";

type Offer = Omit<InvitationOffer, "expiresAt"> & { expiresAt: string };

const UNUSABLE: Record<Exclude<Offer["state"], "pending">, string> = {
  accepted: "This invitation has already been accepted.",
  revoked: "This invitation was revoked. Ask whoever invited you for a new one.",
  expired: "This invitation has expired. Ask whoever invited you for a new one.",
};

function AcceptButton({ token }: { token: string }) {
  const trpc = useTRPC();
  // A full load: the workspace shell lists the person's workspaces on the server.
  const accept = useMutation(
    trpc.workspaces.acceptInvitation.mutationOptions({
      onSuccess: (r) => window.location.assign(`/w/${r.workspace.slug}`),
    }),
  );
  return (
    <div className="space-y-2">
      <Button
        variant="primary"
        className="w-full"
        disabled={accept.isPending || accept.isSuccess}
        onClick={() => accept.mutate({ token })}
      >
        {accept.isPending || accept.isSuccess ? "Joining…" : "Accept invitation"}
      </Button>
      {accept.error && (
        <p role="alert" className="text-sm text-red-600">
          {accept.error.message}
        </p>
      )}
    </div>
  );
}

function WrongAccount({ offer, signedInAs, token }: { offer: Offer; signedInAs: string; token: string }) {
  const back = `/signin?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`;
  return (
    <div role="alert" className="space-y-3 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
      <p>
        This invitation is for <strong>{offer.email}</strong>, and you are signed in as <strong>{signedInAs}</strong>.
        Sign in as {offer.email} to accept it.
      </p>
      <Button onClick={() => void signOut({ callbackUrl: back })}>Sign out and switch account</Button>
    </div>
  );
}

function Action({ offer, signedInAs, token }: { offer: Offer; signedInAs: string; token: string }): ReactNode {
  if (offer.state !== "pending")
    return (
      <p role="alert" className="text-sm text-slate-700">
        {UNUSABLE[offer.state]}
      </p>
    );
  if (!offer.forYou) return <WrongAccount offer={offer} signedInAs={signedInAs} token={token} />;
  if (offer.alreadyMember)
    return (
      <p role="status" className="text-sm text-slate-700">
        You are already a member of {offer.workspace.name}; your role there stays as it is.{" "}
        <Link className="font-medium text-accent-700 underline" href={`/w/${offer.workspace.slug}`}>
          Open {offer.workspace.name}
        </Link>
      </p>
    );
  return <AcceptButton token={token} />;
}

/** What an invitation offers (workspace, role, who invited), and the way to take it. */
export function InvitationCard({ offer, signedInAs, token }: { offer: Offer; signedInAs: string; token: string }) {
  const inviter = offer.invitedBy ? (offer.invitedBy.name ?? offer.invitedBy.email) : "An administrator";
  return (
    <Card className="space-y-5 p-6" data-testid="invitation">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Join {offer.workspace.name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {inviter} invited {offer.email} to this Switchyard workspace.
        </p>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">Workspace</dt>
        <dd className="font-medium">{offer.workspace.name}</dd>
        <dt className="text-slate-500">Role</dt>
        <dd className="font-medium capitalize">{offer.role}</dd>
        <dt className="text-slate-500">Invited by</dt>
        <dd>{offer.invitedBy?.name ? `${offer.invitedBy.name} (${offer.invitedBy.email})` : inviter}</dd>
        <dt className="text-slate-500">Expires</dt>
        {/* In UTC: this card is rendered on the server too, whose time zone may not be the reader's. */}
        <dd>
          <time dateTime={offer.expiresAt}>{offer.expiresAt.slice(0, 16).replace("T", " ")} UTC</time>
        </dd>
      </dl>
      <Action offer={offer} signedInAs={signedInAs} token={token} />
    </Card>
  );
}
