"use client";
// Validation as you type: the server's validator (the one a save runs) on the draft, a
// moment after the last change, with its errors placed on nodes and fields.
import type { ValidationError, WorkflowDefinition } from "@switchyard/workflows/definition";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { indexErrors, type ErrorIndex } from "~/lib/editor/error-map";
import { useTRPC } from "~/lib/trpc/react";

const DEBOUNCE_MS = 400;

export interface Validation extends ErrorIndex {
  count: number;
  checking: boolean;
}

export function useValidation(definition: WorkflowDefinition): Validation {
  const trpc = useTRPC();
  const { mutateAsync } = useMutation(trpc.editor.validate.mutationOptions());
  const [result, setResult] = useState<{ for: WorkflowDefinition; errors: ValidationError[] } | null>(null);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      mutateAsync({ definition })
        .then(({ errors }) => current && setResult({ for: definition, errors }))
        .catch(() => current && setResult(null));
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [definition, mutateAsync]);
  return useMemo(() => {
    // Paths name steps by index: place them on the definition they were found in.
    const errors = result?.errors ?? [];
    return {
      ...indexErrors(result?.for ?? definition, errors),
      count: errors.length,
      checking: result?.for !== definition,
    };
  }, [result, definition]);
}
