"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field, Input, Select } from "~/components/ui/field";
import { ErrorState, Loading } from "~/components/ui/states";
import { useTRPC } from "~/lib/trpc/react";
import { EmailsEditor, withDraft } from "./emails-editor";
import { useRefresh } from "./use-settings";

interface AlertSettings {
  emails: string[];
  slack: { connectionId: string; channel: string } | null;
  slackConnections: { id: string; name: string; status: string }[];
}

function ReadOnlyAlerts({ settings }: { settings: AlertSettings }) {
  const connection = settings.slackConnections.find((c) => c.id === settings.slack?.connectionId);
  return (
    <Card className="space-y-3 p-4 text-sm">
      <div>
        <h2 className="font-medium">Emailed to</h2>
        <p className="text-slate-600">{settings.emails.length ? settings.emails.join(", ") : "Nobody"}</p>
      </div>
      <div>
        <h2 className="font-medium">Slack</h2>
        <p className="text-slate-600">
          {settings.slack
            ? `Channel ${settings.slack.channel} through ${connection?.name ?? "a removed connection"}`
            : "Not posted to Slack"}
        </p>
      </div>
    </Card>
  );
}

function SlackFields({
  settings,
  connectionId,
  setConnectionId,
  channel,
  setChannel,
}: {
  settings: AlertSettings;
  connectionId: string;
  setConnectionId: (id: string) => void;
  channel: string;
  setChannel: (c: string) => void;
}) {
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold">Slack</legend>
      <div className="flex flex-wrap gap-3">
        <Field
          label="Slack connection"
          className="w-64"
          hint={settings.slackConnections.length ? undefined : "Connect a Slack account under Connections first."}
        >
          {(control) => (
            <Select {...control} value={connectionId} onChange={(e) => setConnectionId(e.target.value)}>
              <option value="">Don&apos;t post to Slack</option>
              {settings.slackConnections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                  {c.status === "active" ? "" : ` (${c.status})`}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field
          label="Channel ID"
          className="w-64"
          hint="Like C0123456789: the channel's details show it. Invite the app there."
        >
          {(control) => (
            <Input
              {...control}
              required={connectionId !== ""}
              disabled={connectionId === ""}
              value={channel}
              onChange={(e) => setChannel(e.target.value)}
            />
          )}
        </Field>
      </div>
    </fieldset>
  );
}

function AlertsForm({ settings }: { settings: AlertSettings }) {
  const trpc = useTRPC();
  const refresh = useRefresh("alerts");
  const [emails, setEmails] = useState(settings.emails);
  const [draft, setDraft] = useState("");
  const [connectionId, setConnectionId] = useState(settings.slack?.connectionId ?? "");
  const [channel, setChannel] = useState(settings.slack?.channel ?? "");
  const save = useMutation(trpc.settings.updateAlerts.mutationOptions({ onSuccess: () => void refresh() }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const all = withDraft(emails, draft);
    save.mutate(
      { emails: all, slack: connectionId ? { connectionId, channel: channel.trim() } : null },
      {
        onSuccess: () => {
          setEmails(all);
          setDraft("");
        },
      },
    );
  };
  return (
    <Card className="p-4">
      <form onSubmit={submit} aria-label="Alert settings" className="space-y-6">
        <fieldset className="space-y-2">
          <legend className="text-sm font-semibold">Email</legend>
          <p className="text-sm text-slate-600">
            Emailed when a run fails or partly fails, or a trigger stops working.
          </p>
          <EmailsEditor emails={emails} onChange={setEmails} draft={draft} onDraft={setDraft} />
        </fieldset>
        <SlackFields {...{ settings, connectionId, setConnectionId, channel, setChannel }} />
        {save.error && <ErrorState error={save.error} />}
        <div className="flex items-center gap-3">
          <Button type="submit" variant="primary" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save alert settings"}
          </Button>
          {save.isSuccess && !save.isPending && (
            <span role="status" className="text-sm text-emerald-700">
              Saved.
            </span>
          )}
        </div>
      </form>
    </Card>
  );
}

/** Where alerts go: email addresses and a Slack channel; viewers see them read-only. */
export function AlertsPanel({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.alerts.queryOptions());
  if (settings.isPending) return <Loading label="Loading alert settings" />;
  if (settings.isError) return <ErrorState error={settings.error} retry={() => void settings.refetch()} />;
  return canEdit ? <AlertsForm settings={settings.data} /> : <ReadOnlyAlerts settings={settings.data} />;
}
