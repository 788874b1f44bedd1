import { z } from "zod";
import { defineConnector } from "../sdk/define";
import { sendEmail } from "./actions/send";
import { icon } from "./icon";

export const emailAuth = {
  kind: "custom" as const,
  props: z.object({
    smtpUrl: z
      .string()
      .regex(/^smtps?:\/\/.+/, "SMTP URL like smtp://user:password@mail.example.com:587 (smtps:// for implicit TLS)"),
    from: z.string().min(3),
  }),
};

export const email = defineConnector({
  slug: "email",
  name: "Email (SMTP)",
  description: "Send email through your own SMTP server: HTML, text and attachments.",
  icon,
  categories: ["communication"],
  auth: emailAuth,
  actions: [sendEmail],
});
