import { z } from "zod";
import { defineConnector } from "../sdk/define";
import { sendEmail } from "./actions/send";

export const emailAuth = {
  kind: "custom" as const,
  props: z.object({
    smtpUrl: z.string().regex(/^smtps?:\/\/.+/, "SMTP URL like smtp://user:password@mail.example.com:587 (smtps:// for implicit TLS)"),
    from: z.string().min(3),
  }),
};

export const email = defineConnector({
  slug: "email",
  name: "Email (SMTP)",
  description: "Send email through your own SMTP server: HTML, text and attachments.",
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 5h18v14H3z M3 6l9 7 9-7" fill="none" stroke="currentColor" stroke-width="2"/></svg>',
  categories: ["communication"],
  auth: emailAuth,
  actions: [sendEmail],
});
