"use client";
import { Plus, X } from "lucide-react";
import type { KeyboardEvent } from "react";
import { Button } from "~/components/ui/button";
import { Field, Input } from "~/components/ui/field";

/** The list with the address still being typed, so saving does not drop it. */
export const withDraft = (emails: string[], draft: string) => {
  const email = draft.trim().toLowerCase();
  return email && !emails.includes(email) ? [...emails, email] : emails;
};

interface EmailsEditorProps {
  emails: string[];
  onChange: (emails: string[]) => void;
  draft: string;
  onDraft: (draft: string) => void;
}

/** A list of addresses: each removable, new ones added one at a time (Enter adds too). */
export function EmailsEditor({ emails, onChange, draft, onDraft: setDraft }: EmailsEditorProps) {
  const add = () => {
    onChange(withDraft(emails, draft));
    setDraft("");
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    add();
  };
  return (
    <div className="space-y-2">
      <ul aria-label="Alert email addresses" className="flex flex-wrap gap-2">
        {emails.map((email) => (
          <li key={email} className="flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-3 text-sm">
            {email}
            <button
              type="button"
              aria-label={`Remove ${email}`}
              className="rounded-full p-0.5 text-slate-500 hover:bg-slate-200"
              onClick={() => onChange(emails.filter((e) => e !== email))}
            >
              <X aria-hidden className="size-3.5" />
            </button>
          </li>
        ))}
        {!emails.length && <li className="text-sm text-slate-500">Nobody is emailed.</li>}
      </ul>
      <div className="flex items-end gap-2">
        <Field label="Add an address" className="flex-1">
          {(control) => (
            <Input
              {...control}
              type="email"
              placeholder="ops@example.com"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={onKey}
            />
          )}
        </Field>
        <Button onClick={add} aria-label="Add address">
          <Plus aria-hidden className="size-4" /> Add
        </Button>
      </div>
    </div>
  );
}
