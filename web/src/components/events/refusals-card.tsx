"use client";
import { ShieldAlert } from "lucide-react";
import { Moment } from "~/components/runs/moment";
import { useNow } from "~/components/runs/use-now";
import { refusalWords } from "~/lib/events/refusals";
import type { RefusalCount } from "./types";

/** What the workflow's webhook turned away, by reason: a sender set up wrong shows here, since no event is kept. */
export function RefusalsCard({ refusals }: { refusals: RefusalCount[] }) {
  const now = useNow(10_000);
  return (
    <section
      aria-labelledby="refusals-title"
      data-testid="refusals"
      className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
    >
      <h2 id="refusals-title" className="flex items-center gap-2 font-semibold">
        <ShieldAlert aria-hidden className="size-4" />
        Refused deliveries
      </h2>
      <p className="mt-1 text-amber-800">
        This workflow&apos;s webhook answered these with an error and stored no event. If they keep coming, check the
        sender&apos;s settings.
      </p>
      <ul className="mt-2 space-y-1">
        {refusals.map((r) => {
          const words = refusalWords(r.reason);
          return (
            <li key={r.reason} data-reason={r.reason}>
              <span className="font-medium" title={words.meaning}>
                {words.label}
              </span>
              {" · "}
              <span className="tabular-nums">{r.count.toLocaleString()}</span>
              {" · last "}
              <Moment iso={r.lastAt} now={now} />
              <span className="text-amber-700"> — {words.meaning}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
