import { Button } from "./button";
import { Spinner } from "./states";

/** The foot of a paged list: the next page on request, or nothing once the last page is in. */
export function LoadMore({ hasMore, loading, onLoad }: { hasMore: boolean; loading: boolean; onLoad: () => void }) {
  if (!hasMore) return null;
  return (
    <div className="mt-4 flex justify-center">
      {loading ? <Spinner label="Loading more" /> : <Button onClick={onLoad}>Load more</Button>}
    </div>
  );
}
