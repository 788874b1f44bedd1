"use client";
// A plain webhook's form: how senders prove who they are, how it answers, what marks a repeat,
// and how fast it may be called. Secrets typed here are sealed on save and never shown again.
import {
  DEFAULT_WEBHOOK_RATE,
  isSealedRef,
  secretOf,
  withSecretRef,
  type SecretRef,
  type WebhookAuth,
  type WebhookTrigger,
} from "@switchyard/workflows/definition";
import { Field, Input, Select } from "~/components/ui/field";
import { useEditor } from "./editor-context";

type Change = (next: WebhookTrigger) => void;
type AuthType = WebhookAuth["type"];

const NEW_AUTH: Record<AuthType, WebhookAuth> = {
  hmac: { type: "hmac", header: "x-signature-256", algorithm: "sha256", encoding: "hex", secret: "" },
  header: { type: "header", name: "x-webhook-token", value: "" },
  basic: { type: "basic", username: "", password: "" },
};

const SECRET_LABEL: Record<AuthType, string> = { hmac: "Signing secret", header: "Header value", basic: "Password" };

/** The secret: typed here (sealed on save) or a connection's; a sealed one is only ever replaced. */
function SecretField({ auth, onChange }: { auth: WebhookAuth; onChange(auth: WebhookAuth): void }) {
  const { connections, draft } = useEditor();
  const ref = secretOf(auth);
  // The secret as saved, so emptying the field keeps it instead of asking for a new one.
  const savedTrigger = draft.saved.trigger;
  const savedRef = savedTrigger.type === "webhook" && savedTrigger.auth ? secretOf(savedTrigger.auth) : undefined;
  const saved = isSealedRef(savedRef) ? savedRef : undefined;
  const set = (next: SecretRef) => onChange(withSecretRef(auth, next));
  const fromConnection = typeof ref === "object" && !isSealedRef(ref);
  return (
    <>
      <Field label="Secret from">
        {(control) => (
          <Select
            {...control}
            value={fromConnection ? "connection" : "here"}
            onChange={(e) =>
              set(e.target.value === "connection" ? { connection: connections[0]?.name ?? "" } : (saved ?? ""))
            }
          >
            <option value="here">Typed here (sealed when saved)</option>
            <option value="connection">A connection</option>
          </Select>
        )}
      </Field>
      {fromConnection ? (
        <>
          <Field label="Connection">
            {(control) => (
              <Select {...control} value={ref.connection} onChange={(e) => set({ ...ref, connection: e.target.value })}>
                {!connections.some((c) => c.name === ref.connection) && <option value={ref.connection}>Choose…</option>}
                {connections.map((c) => (
                  <option key={c.id} value={c.name}>
                    {c.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <TextField
            label="Its secret field (optional)"
            hint="Needed when the connection holds more than one secret."
            value={ref.field}
            onChange={(v) => set(v ? { ...ref, field: v } : { connection: ref.connection })}
          />
        </>
      ) : (
        <Field
          label={SECRET_LABEL[auth.type]}
          hint={isSealedRef(ref) ? "Stored sealed; type a new one to replace it." : "Shown only until you save."}
        >
          {(control) => (
            <Input
              {...control}
              type="password"
              autoComplete="off"
              placeholder={saved ? "•••••••• (stored)" : ""}
              value={typeof ref === "string" ? ref : ""}
              onChange={(e) => set(e.target.value === "" && saved ? saved : e.target.value)}
            />
          )}
        </Field>
      )}
    </>
  );
}

function TextField(props: { label: string; hint?: string; value: string | undefined; onChange(v: string): void }) {
  return (
    <Field label={props.label} hint={props.hint}>
      {(control) => <Input {...control} value={props.value ?? ""} onChange={(e) => props.onChange(e.target.value)} />}
    </Field>
  );
}

/** What each kind of auth asks for beside its secret. */
function AuthDetails({ auth, onChange }: { auth: WebhookAuth; onChange(auth: WebhookAuth): void }) {
  const optional = (v: string) => (v === "" ? undefined : v);
  switch (auth.type) {
    case "hmac":
      return (
        <>
          <TextField
            label="Signature header"
            value={auth.header}
            onChange={(header) => onChange({ ...auth, header })}
          />
          <TextField
            label="Prefix (optional)"
            hint='Before the digest, e.g. "sha256="; left empty, a bare digest or "sha256=" both pass.'
            value={auth.prefix}
            onChange={(v) => onChange({ ...auth, prefix: optional(v) })}
          />
          <TextField
            label="Timestamp header (optional)"
            hint="Deliveries more than 5 minutes from now are refused; the timestamp must be signed too."
            value={auth.timestampHeader}
            onChange={(v) =>
              onChange({
                ...auth,
                timestampHeader: optional(v),
                signedPayload: v ? (auth.signedPayload ?? "{timestamp}.{body}") : undefined,
              })
            }
          />
          {auth.timestampHeader !== undefined && (
            <TextField
              label="Signed content"
              hint='How the sender joins them, e.g. "{timestamp}.{body}" or "v0:{timestamp}:{body}".'
              value={auth.signedPayload}
              onChange={(v) => onChange({ ...auth, signedPayload: v })}
            />
          )}
        </>
      );
    case "header":
      return <TextField label="Header name" value={auth.name} onChange={(name) => onChange({ ...auth, name })} />;
    case "basic":
      return (
        <TextField label="User name" value={auth.username} onChange={(username) => onChange({ ...auth, username })} />
      );
  }
}

function AuthFields({ trigger, onChange }: { trigger: WebhookTrigger; onChange: Change }) {
  const { auth, ...rest } = trigger;
  const setAuth = (next: WebhookAuth) => onChange({ ...rest, auth: next });
  return (
    <>
      <Field label="Verify requests">
        {(control) => (
          <Select
            {...control}
            value={auth?.type ?? "none"}
            onChange={(e) => {
              const type = e.target.value as AuthType | "none";
              onChange(type === "none" ? rest : { ...rest, auth: NEW_AUTH[type] });
            }}
          >
            <option value="none">No check (anyone with the URL)</option>
            <option value="hmac">HMAC signature of the body</option>
            <option value="header">A shared secret header</option>
            <option value="basic">Basic credentials</option>
          </Select>
        )}
      </Field>
      {auth && <AuthDetails auth={auth} onChange={setAuth} />}
      {auth && <SecretField auth={auth} onChange={setAuth} />}
    </>
  );
}

function AnswerFields({ trigger, onChange }: { trigger: WebhookTrigger; onChange: Change }) {
  const { mode, timeout, ...rest } = trigger;
  return (
    <>
      <Field label="Answers" hint="A sync webhook answers with its Respond to webhook step, or the run's summary.">
        {(control) => (
          <Select
            {...control}
            value={mode ?? "async"}
            onChange={(e) => onChange(e.target.value === "sync" ? { ...rest, mode: "sync" } : rest)}
          >
            <option value="async">At once, with the run&apos;s id (202)</option>
            <option value="sync">With the run&apos;s answer (sync)</option>
          </Select>
        )}
      </Field>
      {mode === "sync" && (
        <TextField
          label="Wait at most"
          hint='Then it answers 202 with the run id; default "30s", at most "5m".'
          value={timeout === undefined ? "" : String(timeout)}
          onChange={(v) => onChange({ ...rest, mode, ...(v ? { timeout: v } : {}) })}
        />
      )}
    </>
  );
}

function LimitFields({ trigger, onChange }: { trigger: WebhookTrigger; onChange: Change }) {
  const { rateLimit, idempotencyKey, ...rest } = trigger;
  const limit = rateLimit ?? DEFAULT_WEBHOOK_RATE;
  const setLimit = (next: Partial<typeof limit>) => onChange({ ...trigger, rateLimit: { ...limit, ...next } });
  return (
    <>
      <TextField
        label="Repeat key (optional)"
        hint="A path such as {{ body.id }}: a repeat within 24 hours answers the first run. The Idempotency-Key header always works."
        value={idempotencyKey}
        onChange={(v) =>
          onChange({ ...rest, ...(rateLimit ? { rateLimit } : {}), ...(v ? { idempotencyKey: v } : {}) })
        }
      />
      <div className="grid grid-cols-2 gap-2">
        <Field label="Requests per second">
          {(control) => (
            <Input
              {...control}
              type="number"
              min={0.01}
              step="any"
              value={limit.perSecond}
              onChange={(e) => setLimit({ perSecond: Number(e.target.value) })}
            />
          )}
        </Field>
        <Field label="Burst">
          {(control) => (
            <Input
              {...control}
              type="number"
              min={1}
              value={limit.burst}
              onChange={(e) => setLimit({ burst: Number(e.target.value) })}
            />
          )}
        </Field>
      </div>
    </>
  );
}

export function WebhookFields({ trigger, onChange }: { trigger: WebhookTrigger; onChange: Change }) {
  return (
    <div className="space-y-3">
      <AuthFields trigger={trigger} onChange={onChange} />
      <AnswerFields trigger={trigger} onChange={onChange} />
      <LimitFields trigger={trigger} onChange={onChange} />
    </div>
  );
}
