"use client";
import { TableHead } from "~/components/ui/table-head";
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import type { Role } from "@switchyard/db";
import { Ban } from "lucide-react";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { LoadMore } from "~/components/ui/load-more";
import { EmptyState, ErrorState, Loading } from "~/components/ui/states";
import { Timestamp } from "~/components/ui/timestamp";
import { hasRole } from "~/lib/roles";
import { useTRPC } from "~/lib/trpc/react";
import { TokenCreateForm } from "./token-create-form";
import { useRefresh } from "./use-settings";

interface TokenItem {
  id: string;
  name: string;
  prefix: string | null;
  role: Role;
  user: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function RevokeToken({ token }: { token: TokenItem }) {
  const trpc = useTRPC();
  const refresh = useRefresh("tokens");
  const revoke = useMutation(trpc.settings.revokeToken.mutationOptions({ onSuccess: refresh }));
  return (
    <ConfirmDialog
      trigger={
        <>
          <Ban aria-hidden className="size-4" /> Revoke
        </>
      }
      triggerProps={{ "aria-label": `Revoke token ${token.name}` }}
      title={`Revoke the token ${token.name}?`}
      description="Scripts using it are refused from now on. This cannot be undone."
      confirmLabel="Revoke token"
      onConfirm={() => revoke.mutateAsync({ id: token.id })}
    />
  );
}

function TokenRow({ token, myRole }: { token: TokenItem; myRole: Role }) {
  return (
    <tr data-testid="token-row" data-name={token.name} className="border-t border-slate-100">
      <td className="px-3 py-2 font-medium">{token.name}</td>
      <td className="px-3 py-2 font-mono text-xs text-slate-600">{token.prefix ? `${token.prefix}…` : "—"}</td>
      <td className="px-3 py-2 capitalize">{token.role}</td>
      <td className="px-3 py-2 break-all text-slate-600">{token.user ?? "—"}</td>
      <td className="px-3 py-2 whitespace-nowrap text-slate-600">
        <Timestamp iso={token.createdAt} />
      </td>
      <td className="px-3 py-2 whitespace-nowrap text-slate-600">
        {token.lastUsedAt ? <Timestamp iso={token.lastUsedAt} /> : "Never"}
      </td>
      <td className="px-3 py-2 text-right">
        {token.revokedAt ? (
          <span className="text-xs text-slate-500">Revoked</span>
        ) : (
          hasRole(myRole, token.role) && <RevokeToken token={token} />
        )}
      </td>
    </tr>
  );
}

const HEADINGS = ["Name", "Token", "Role", "Created by", "Created", "Last used"];

function TokenList({ myRole }: { myRole: Role }) {
  const trpc = useTRPC();
  const tokens = useInfiniteQuery(
    trpc.settings.tokens.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  if (tokens.isPending) return <Loading label="Loading tokens" />;
  if (tokens.isError) return <ErrorState error={tokens.error} retry={() => void tokens.refetch()} />;
  const items = tokens.data.pages.flatMap((p) => p.items);
  if (!items.length) return <EmptyState title="No API tokens">Create one for a script, the CLI or CI.</EmptyState>;
  return (
    <>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">API tokens, newest first</caption>
          <TableHead headings={HEADINGS} actions />
          <tbody>
            {items.map((t) => (
              <TokenRow key={t.id} token={t} myRole={myRole} />
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore
        hasMore={tokens.hasNextPage}
        loading={tokens.isFetchingNextPage}
        onLoad={() => void tokens.fetchNextPage()}
      />
    </>
  );
}

/** Tokens for scripts and the CLI: made here (shown once), listed without their secret, revoked. */
export function TokensPanel({ myRole }: { myRole: Role }) {
  return (
    <div className="space-y-6">
      <TokenCreateForm myRole={myRole} />
      <section aria-labelledby="tokens-heading" className="space-y-3">
        <h2 id="tokens-heading" className="text-base font-semibold">
          Tokens
        </h2>
        <TokenList myRole={myRole} />
      </section>
    </div>
  );
}
