"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "~/lib/trpc/react";

/** Refetches one settings list after a change to it. */
export function useRefresh(list: "members" | "invitations" | "tokens" | "alerts") {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.settings[list].pathKey() });
}
