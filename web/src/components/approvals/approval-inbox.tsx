"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Card } from "~/components/ui/card";
import { LoadMore } from "~/components/ui/load-more";
import { EmptyState, ErrorState, Loading } from "~/components/ui/states";
import { useTRPC } from "~/lib/trpc/react";
import { ApprovalDetail } from "./approval-detail";
import { ApprovalList } from "./approval-list";
import type { InboxStatus } from "./approval-types";

const EMPTY: Record<InboxStatus, { title: string; text: string }> = {
  pending: { title: "Nothing waits for you", text: "Checkpoints that ask you to decide show up here." },
  decided: { title: "No decisions yet", text: "Approvals and tasks appear here once they are decided or time out." },
};

/** A list of approvals beside the one selected. */
interface Props {
  workspace: string;
  status: InboxStatus;
  /** Approvers do not see runs, so the run link is only for viewers and up. */
  canReadRuns: boolean;
}

export function ApprovalInbox({ workspace, status, canReadRuns }: Props) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.approvals.list.infiniteQueryOptions({ status, limit: 25 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const [selected, setSelected] = useState<string | null>(null);
  if (query.isPending) return <Loading label="Loading approvals" />;
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  const items = query.data.pages.flatMap((p) => p.items);
  if (!items.length) return <EmptyState title={EMPTY[status].title}>{EMPTY[status].text}</EmptyState>;
  const current = selected ?? items[0]!.id;
  return (
    <div className="grid grid-cols-[minmax(16rem,22rem)_1fr] gap-4">
      <Card className="self-start overflow-hidden">
        <ApprovalList items={items} selected={current} onSelect={setSelected} />
        <LoadMore
          hasMore={query.hasNextPage}
          loading={query.isFetchingNextPage}
          onLoad={() => void query.fetchNextPage()}
        />
      </Card>
      <Card className="min-w-0 p-5">
        <ApprovalDetail workspace={workspace} id={current} canReadRuns={canReadRuns} />
      </Card>
    </div>
  );
}
