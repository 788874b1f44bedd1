"use client";
// Import: a JSON or YAML definition, from a file or pasted, becomes a new disabled workflow.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type ChangeEvent } from "react";
import { Button } from "~/components/ui/button";
import { Field, Input, Textarea } from "~/components/ui/field";
import { useTRPC } from "~/lib/trpc/react";
import { pathErrorsOf } from "./api-error";
import { DialogFrame } from "./dialog-frame";
import { PathErrors } from "./path-errors";

function useImport(workspace: string) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.workflows.import.mutationOptions({
      onSuccess: async ({ slug }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
        router.push(`/w/${workspace}/workflows/${slug}/edit`);
      },
    }),
  );
}

export function ImportDialog({ workspace }: { workspace: string }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [slug, setSlug] = useState("");
  const importing = useImport(workspace);
  const readFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) setText(await file.text());
  };
  const errors = pathErrorsOf(importing.error);
  return (
    <DialogFrame
      open={open}
      onOpenChange={setOpen}
      title="Import a workflow"
      description="A definition in JSON or YAML, as exported. It is created disabled."
      trigger={
        <Button>
          <Upload aria-hidden className="size-4" />
          Import
        </Button>
      }
    >
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          importing.mutate({ text, ...(slug ? { slug } : {}) });
        }}
      >
        <Field label="File">
          {(control) => (
            <Input
              {...control}
              type="file"
              accept=".json,.yaml,.yml,application/json,application/yaml"
              onChange={(e) => void readFile(e)}
            />
          )}
        </Field>
        <Field label="Definition" hint="Or paste it here.">
          {(control) => (
            <Textarea
              {...control}
              className="min-h-56"
              value={text}
              onChange={(e) => setText(e.target.value)}
              data-testid="import-text"
            />
          )}
        </Field>
        <Field label="Slug" hint="Optional; made from the workflow's name when empty.">
          {(control) => (
            <Input
              {...control}
              value={slug}
              onChange={(e) => setSlug(e.target.value.trim())}
              placeholder="announce-a-release"
            />
          )}
        </Field>
        {importing.isError && (
          <div role="alert" className="space-y-2 text-sm text-red-700">
            <p>{importing.error.message}</p>
            <PathErrors errors={errors} />
          </div>
        )}
        <div className="flex justify-end">
          <Button type="submit" variant="primary" disabled={!text.trim() || importing.isPending}>
            {importing.isPending ? "Importing…" : "Import"}
          </Button>
        </div>
      </form>
    </DialogFrame>
  );
}
