"use client";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { CheckCheck } from "lucide-react";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/card";
import { LoadMore } from "~/components/ui/load-more";
import { EmptyState, ErrorState, Loading } from "~/components/ui/states";
import { useTRPC } from "~/lib/trpc/react";
import { AlertItem } from "./alert-item";

const PAGE_SIZE = 30;

/** Marking read changes the list and the unread count: both are fetched again. */
function useMarkRead() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
  return {
    one: useMutation(trpc.alerts.markRead.mutationOptions({ onSuccess: refresh })),
    all: useMutation(trpc.alerts.markAllRead.mutationOptions({ onSuccess: refresh })),
  };
}

interface AlertListProps {
  unread: boolean;
  markRead: ReturnType<typeof useMarkRead>;
  canMark: boolean;
}

function AlertList({ unread, markRead, canMark }: AlertListProps) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.alerts.list.infiniteQueryOptions(
      { limit: PAGE_SIZE, ...(unread ? { unread } : {}) },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  if (query.isPending) return <Loading label="Loading alerts" />;
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  const alerts = query.data.pages.flatMap((page) => page.items);
  if (!alerts.length)
    return (
      <EmptyState title={unread ? "No unread alerts" : "No alerts"}>
        Failed runs, triggers that stop working and connections that need reconnecting show up here.
      </EmptyState>
    );
  return (
    <>
      <ul aria-label="Alerts" className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200">
        {alerts.map((a) => (
          <AlertItem
            key={a.id}
            alert={a}
            marking={markRead.one.isPending}
            onMarkRead={canMark ? (id) => markRead.one.mutate({ ids: [id] }) : undefined}
          />
        ))}
      </ul>
      <LoadMore
        hasMore={query.hasNextPage}
        loading={query.isFetchingNextPage}
        onLoad={() => void query.fetchNextPage()}
      />
    </>
  );
}

export function AlertsFeed({ canMark }: { canMark: boolean }) {
  const [unread, setUnread] = useState(false);
  const markRead = useMarkRead();
  const failed = markRead.one.error ?? markRead.all.error;
  return (
    <>
      <PageHeader
        title="Alerts"
        description="What needs attention in this workspace, newest first, with a link to where it is fixed."
        actions={
          <>
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" checked={unread} onChange={(e) => setUnread(e.target.checked)} />
              Unread only
            </label>
            {canMark && (
              <Button disabled={markRead.all.isPending} onClick={() => markRead.all.mutate()}>
                <CheckCheck aria-hidden className="size-4" />
                Mark all read
              </Button>
            )}
          </>
        }
      />
      {failed && (
        <div className="mb-4">
          <ErrorState error={failed} />
        </div>
      )}
      <AlertList unread={unread} markRead={markRead} canMark={canMark} />
    </>
  );
}
