"use client";
// The browser's way to the API: TanStack Query over tRPC, with the page's workspace sent on every call.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import { WORKSPACE_HEADER } from "~/lib/workspace-header";
import type { AppRouter } from "~/server/trpc/root";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // A refusal (4xx) will not change on retry; a network blip might.
        retry: (count, error) =>
          count < 2 && !/^4\d\d$/.test(String((error as { data?: { httpStatus?: number } }).data?.httpStatus)),
      },
    },
  });
}

export function ApiProvider({ workspace, children }: { workspace: string | null; children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: "/api/trpc",
          headers: () => (workspace ? { [WORKSPACE_HEADER]: workspace } : {}),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
