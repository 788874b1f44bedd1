"use client";
// Saving (a new version each time), enabling, and the webhook URL a save may hand back once.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { useTRPC } from "~/lib/trpc/react";
import type { Draft } from "./use-draft";

/** Carries a new workflow's webhook URL across the move from /new to its edit page. */
const hookKey = (workspace: string, slug: string) => `switchyard:hook:${workspace}:${slug}`;

export interface Saving {
  save(slug: string): Promise<void>;
  saving: boolean;
  /** The version now saved: the loaded one, then each save's. */
  version: number | null;
  hookUrl: string | null;
  error: string | null;
}

export function useSave(workspace: string, slug: string | null, draft: Draft, loadedVersion: number | null): Saving {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const upsert = useMutation(trpc.workflows.upsert.mutationOptions());
  const [version, setVersion] = useState(loadedVersion);
  const [hookUrl, setHookUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!slug) return;
    const stashed = sessionStorage.getItem(hookKey(workspace, slug));
    if (stashed) {
      sessionStorage.removeItem(hookKey(workspace, slug));
      setHookUrl(stashed);
    }
  }, [workspace, slug]);
  const save = useCallback(
    async (target: string) => {
      const definition = draft.definition;
      const result = await upsert.mutateAsync({ slug: target, definition });
      if (result.sealed) draft.resetTo(result.sealed);
      else draft.markSaved(definition);
      setVersion(result.version);
      await queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
      if (!slug) {
        if (result.hookUrl) sessionStorage.setItem(hookKey(workspace, target), result.hookUrl);
        router.replace(`/w/${workspace}/workflows/${target}/edit`);
      } else if (result.hookUrl) setHookUrl(result.hookUrl);
    },
    [draft, upsert, queryClient, trpc, slug, workspace, router],
  );
  return { save, saving: upsert.isPending, version, hookUrl, error: upsert.error?.message ?? null };
}

/** Asks before leaving the page with unsaved changes. */
export function useLeaveWarning(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);
}
