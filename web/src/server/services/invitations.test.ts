// Invitations against real Postgres and a real SMTP sink: who may invite with which role, the
// mailed link that accepts, expiry on an injected clock, the wrong account refused, re-inviting,
// revoking, and an audit entry for each change.
import type { Logger } from "@switchyard/connectors";
import { startSmtpSink, useTestDatabase, type SmtpSink } from "@switchyard/devstack/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ApiCaller } from "../auth/api-token";
import { sessionCaller } from "../auth/session-caller";
import type { ApiError } from "../http/errors";
import { createMailer } from "../mail";
import { acceptInvitation, findInvitation } from "./invitation-accept";
import { createInvitation, listInvitations, revokeInvitation, type InvitationDeps } from "./invitations";

const t = useTestDatabase();
let smtp: SmtpSink;
const warnings: string[] = [];
const logger: Logger = { info: () => {}, warn: (m) => void warnings.push(m), error: () => {} };
const T0 = new Date("2026-03-02T10:00:00.000Z");
const DAY = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(T0.getTime() + days * DAY);
let deps: InvitationDeps;
let slug: string;
let workspaceId: string;
let owner: string;
let admin: string;
let n = 0;

beforeAll(async () => {
  smtp = await startSmtpSink();
  deps = {
    db: t.db,
    mailer: createMailer({ smtpUrl: smtp.url, from: "Switchyard <invites@switchyard.test>" }),
    production: false,
    publicUrl: "http://switchyard.test",
    logger,
  };
});
afterAll(() => smtp?.close());

beforeEach(async () => {
  slug = `invites-${++n}`;
  owner = (await t.db.user.create({ data: { email: `owner-${n}@example.com`, name: "Olga Owner" } })).id;
  admin = (await t.db.user.create({ data: { email: `admin-${n}@example.com` } })).id;
  workspaceId = (
    await t.db.workspace.create({
      data: {
        slug,
        name: `Acme ${n}`,
        members: {
          create: [
            { userId: owner, role: "owner" },
            { userId: admin, role: "admin" },
          ],
        },
      },
    })
  ).id;
});

const as = (userId: string): Promise<ApiCaller> => sessionCaller(t.db, userId, slug);
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail("not refused"),
    (e: unknown) => e as ApiError,
  );
const person = async (email: string) => (await t.db.user.create({ data: { email } })).id;
const tokenOf = (url: string | null | undefined) => /\/invite\/([A-Za-z0-9_-]+)$/.exec(url ?? "")![1]!;
const mailTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email)).at(-1);
const linkIn = (text: string) => /^(http:\/\/switchyard\.test\/invite\/\S+)$/m.exec(text)?.[1];

describe("invitations", () => {
  it("mails a plain link that the invited person, signed in with that address in any case, accepts", async () => {
    const email = `new-${n}@example.com`;
    const created = await createInvitation(deps, await as(owner), { email: email.toUpperCase(), role: "editor" }, T0);
    expect(created).toMatchObject({ mailed: true, acceptUrl: null, invitation: { email, role: "editor" } });
    expect(created.invitation.expiresAt).toEqual(at(7));
    const mail = mailTo(email)!;
    expect(mail.subject).toBe(`You are invited to Acme ${n} on Switchyard`);
    expect(mail.text).toContain("Olga Owner invited you");
    const link = linkIn(mail.text)!;
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    // Only a hash is stored.
    const row = await t.db.invitation.findFirstOrThrow({ where: { workspaceId } });
    expect(row.tokenHash).not.toContain(tokenOf(link));

    const invitee = await t.db.user.create({ data: { email: `New-${n}@Example.com` } });
    const offer = await findInvitation(t.db, invitee.id, tokenOf(link), at(1));
    expect(offer).toMatchObject({ state: "pending", forYou: true, alreadyMember: false, role: "editor" });
    expect(offer.workspace).toEqual({ name: `Acme ${n}`, slug });
    expect(offer.invitedBy).toEqual({ name: "Olga Owner", email: `owner-${n}@example.com` });

    const accepted = await acceptInvitation(t.db, invitee.id, tokenOf(link), at(1));
    expect(accepted).toEqual({ workspace: { name: `Acme ${n}`, slug }, role: "editor", alreadyMember: false });
    expect(
      await t.db.membership.findUnique({ where: { userId_workspaceId: { userId: invitee.id, workspaceId } } }),
    ).toMatchObject({ role: "editor" });
    expect(await listInvitations(t.db, workspaceId, at(1))).toEqual([]);
    expect(await refusal(acceptInvitation(t.db, invitee.id, tokenOf(link), at(1)))).toMatchObject({
      status: 409,
      code: "invitation_accepted",
    });
    const entries = await t.db.auditEntry.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => [e.action, e.actorId, e.targetLabel])).toEqual([
      ["invitation.create", owner, email],
      ["invitation.accept", invitee.id, email],
    ]);
  });

  it("refuses someone signed in with another address, naming the address it is for", async () => {
    const { acceptUrl } = await createInvitation(
      { ...deps, mailer: null },
      await as(admin),
      { email: `bea-${n}@example.com`, role: "viewer" },
      T0,
    );
    const stranger = await person(`eve-${n}@example.com`);
    expect((await findInvitation(t.db, stranger, tokenOf(acceptUrl), T0)).forYou).toBe(false);
    const err = await refusal(acceptInvitation(t.db, stranger, tokenOf(acceptUrl), T0));
    expect(err).toMatchObject({ status: 403, code: "wrong_account" });
    expect(err.message).toContain(`This invitation is for bea-${n}@example.com`);
    expect(await t.db.membership.count({ where: { userId: stranger } })).toBe(0);
  });

  it("expires: the link works until its expiry on the injected clock, and not after", async () => {
    const email = `late-${n}@example.com`;
    const { acceptUrl } = await createInvitation(
      { ...deps, mailer: null },
      await as(owner),
      { email, role: "viewer", expiresInDays: 2 },
      T0,
    );
    const invitee = await person(email);
    expect((await listInvitations(t.db, workspaceId, at(1.9))).map((i) => i.email)).toEqual([email]);
    expect(await listInvitations(t.db, workspaceId, at(2))).toEqual([]);
    expect((await findInvitation(t.db, invitee, tokenOf(acceptUrl), at(2))).state).toBe("expired");
    expect(await refusal(acceptInvitation(t.db, invitee, tokenOf(acceptUrl), at(2)))).toMatchObject({
      status: 409,
      code: "invitation_expired",
    });
  });

  it("without a mail server outside production, logs and hands the link to the inviter; in production refuses", async () => {
    const created = await createInvitation(
      { ...deps, mailer: null },
      await as(owner),
      { email: `dev-${n}@example.com`, role: "viewer" },
      T0,
    );
    expect(created.mailed).toBe(false);
    expect(created.acceptUrl).toMatch(/^http:\/\/switchyard\.test\/invite\//);
    expect(warnings.at(-1)).toMatch(/invitation not mailed/);
    const prod = { ...deps, mailer: null, production: true };
    expect(
      await refusal(createInvitation(prod, await as(owner), { email: `p-${n}@example.com`, role: "viewer" }, T0)),
    ).toMatchObject({ status: 503 });
  });

  it("re-inviting an address replaces its pending invitation: only the newest link works", async () => {
    const email = `twice-${n}@example.com`;
    const first = await createInvitation({ ...deps, mailer: null }, await as(owner), { email, role: "viewer" }, T0);
    const second = await createInvitation({ ...deps, mailer: null }, await as(owner), { email, role: "editor" }, at(1));
    expect((await listInvitations(t.db, workspaceId, at(1))).map((i) => i.role)).toEqual(["editor"]);
    const invitee = await person(email);
    expect(await refusal(acceptInvitation(t.db, invitee, tokenOf(first.acceptUrl), at(1)))).toMatchObject({
      code: "invitation_revoked",
    });
    expect(await acceptInvitation(t.db, invitee, tokenOf(second.acceptUrl), at(1))).toMatchObject({ role: "editor" });
    const create = await t.db.auditEntry.findMany({
      where: { workspaceId, action: "invitation.create" },
      orderBy: { createdAt: "asc" },
    });
    expect(create.map((e) => (e.details as { replaced: number }).replaced)).toEqual([0, 1]);
  });

  it("an admin cannot invite or revoke above their own role; members are not invited again", async () => {
    expect(
      await refusal(createInvitation(deps, await as(admin), { email: `o-${n}@example.com`, role: "owner" }, T0)),
    ).toMatchObject({ status: 403 });
    expect(
      await refusal(createInvitation(deps, await as(owner), { email: `ADMIN-${n}@example.com`, role: "viewer" }, T0)),
    ).toMatchObject({ status: 409, code: "already_member" });
    const { invitation } = await createInvitation(
      { ...deps, mailer: null },
      await as(owner),
      { email: `o-${n}@example.com`, role: "owner" },
      T0,
    );
    expect(await refusal(revokeInvitation(t.db, await as(admin), invitation.id, T0))).toMatchObject({ status: 403 });
    expect(await t.db.invitation.count({ where: { workspaceId } })).toBe(1);
  });

  it("revoked links are refused; revoking is audited once, however often it is asked", async () => {
    const email = `gone-${n}@example.com`;
    const { invitation, acceptUrl } = await createInvitation(
      { ...deps, mailer: null },
      await as(admin),
      { email, role: "viewer" },
      T0,
    );
    await revokeInvitation(t.db, await as(admin), invitation.id, T0);
    await revokeInvitation(t.db, await as(admin), invitation.id, T0);
    expect(await refusal(acceptInvitation(t.db, await person(email), tokenOf(acceptUrl), T0))).toMatchObject({
      code: "invitation_revoked",
    });
    expect(await t.db.auditEntry.count({ where: { workspaceId, action: "invitation.revoke" } })).toBe(1);
    expect(await refusal(revokeInvitation(t.db, await as(admin), "nope", T0))).toMatchObject({ status: 404 });
  });

  it("someone already a member keeps their membership and is told so", async () => {
    const email = `again-${n}@example.com`;
    const { acceptUrl } = await createInvitation(
      { ...deps, mailer: null },
      await as(owner),
      { email, role: "admin" },
      T0,
    );
    const invitee = await person(email);
    // They joined by another way (another invitation, since accepted) before using this link.
    await t.db.membership.create({ data: { userId: invitee, workspaceId, role: "viewer" } });
    expect((await findInvitation(t.db, invitee, tokenOf(acceptUrl), T0)).alreadyMember).toBe(true);
    expect(await acceptInvitation(t.db, invitee, tokenOf(acceptUrl), T0)).toMatchObject({
      role: "viewer",
      alreadyMember: true,
    });
    expect(
      await t.db.membership.findUnique({ where: { userId_workspaceId: { userId: invitee, workspaceId } } }),
    ).toMatchObject({ role: "viewer" });
  });

  it("an unknown link answers 404", async () => {
    expect(await refusal(findInvitation(t.db, owner, "x".repeat(43), T0))).toMatchObject({ status: 404 });
  });
});
