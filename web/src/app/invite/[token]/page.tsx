import { notFound } from "next/navigation";
import { InvitationCard } from "~/components/settings/invitation-card";
import { ApiProvider } from "~/lib/trpc/react";
import { requireSignedIn } from "~/server/auth/landing";
import { services } from "~/server/context";
import { ApiError } from "~/server/http/errors";
import { findInvitation } from "~/server/services/invitation-accept";
import { invitationTokenInput } from "~/server/trpc/routers/workspaces.schema";

export const dynamic = "force-dynamic";
export const metadata = { title: "Invitation · Switchyard" };

/** An invitation link: sign in first (and come back), then see what it offers and accept it. */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!invitationTokenInput.safeParse({ token }).success) notFound();
  const userId = await requireSignedIn(`/invite/${token}`);
  const { db } = services();
  const [offer, me] = await Promise.all([
    findInvitation(db, userId, token).catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 404) notFound();
      throw err;
    }),
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } }),
  ]);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md">
        <ApiProvider workspace={null}>
          <InvitationCard
            token={token}
            signedInAs={me.email}
            offer={{ ...offer, expiresAt: offer.expiresAt.toISOString() }}
          />
        </ApiProvider>
      </div>
    </main>
  );
}
