"use client";
// Export: the workflow's current definition as a JSON or YAML file.
import * as Menu from "@radix-ui/react-dropdown-menu";
import { useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { Button } from "~/components/ui/button";
import {
  definitionFileName,
  definitionMimeType,
  definitionText,
  type DefinitionFormat,
} from "~/lib/workflows/definition-file";
import { useTRPC } from "~/lib/trpc/react";
import { downloadText } from "./download";
import { MENU_CONTENT, MENU_ITEM } from "./menu-styles";

const FORMATS: { format: DefinitionFormat; label: string }[] = [
  { format: "json", label: "JSON" },
  { format: "yaml", label: "YAML" },
];

export function ExportMenu({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const workflow = useQuery(trpc.workflows.bySlug.queryOptions({ slug }));
  const save = (format: DefinitionFormat) => {
    if (!workflow.data) return;
    downloadText(
      definitionText(workflow.data.definition, format),
      definitionFileName(slug, format),
      definitionMimeType(format),
    );
  };
  return (
    <Menu.Root>
      <Menu.Trigger asChild>
        <Button size="sm" variant="ghost" disabled={!workflow.data} title={workflow.error?.message}>
          <Download aria-hidden className="size-4" />
          Export
        </Button>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content align="end" className={MENU_CONTENT}>
          {FORMATS.map(({ format, label }) => (
            <Menu.Item key={format} className={MENU_ITEM} onSelect={() => save(format)}>
              Download as {label}
              <span className="ml-auto text-xs text-slate-500">{definitionFileName(slug, format)}</span>
            </Menu.Item>
          ))}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
