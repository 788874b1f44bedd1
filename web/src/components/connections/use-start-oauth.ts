"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "~/lib/trpc/react";

/**
 * Starts an OAuth2 connect and sends the browser to Switchyard's confirmation page, then the
 * provider; the callback brings it back to the connections page with the outcome.
 */
export function useStartOAuth() {
  const trpc = useTRPC();
  return useMutation(
    trpc.connections.startOAuth.mutationOptions({
      onSuccess: ({ authorizationUrl }) => window.location.assign(authorizationUrl),
    }),
  );
}
