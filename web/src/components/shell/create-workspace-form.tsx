"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field, Input } from "~/components/ui/field";
import { useTRPC } from "~/lib/trpc/react";

export function CreateWorkspaceForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.workspaces.create.mutationOptions({ onSuccess: (ws) => router.push(`/w/${ws.slug}`) }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name });
  };
  return (
    <Card className="p-6">
      <form onSubmit={submit} className="space-y-4">
        <Field label="Workspace name" error={create.error?.message}>
          {(control) => (
            <Input
              {...control}
              required
              maxLength={80}
              placeholder="Acme operations"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create workspace"}
        </Button>
      </form>
    </Card>
  );
}
