import { z } from "zod";
import { secretField } from "../sdk/auth";
import { defineConnector } from "../sdk/define";
import { sendEmail } from "./actions/send";
import { icon } from "./icon";

export const emailAuth = {
  kind: "custom" as const,
  props: z.object({
    smtpUrl: z
      .string()
      .regex(/^smtps?:\/\/.+/, "SMTP URL like smtp://user:password@mail.example.com:587 (smtps:// for implicit TLS)")
      // It holds the SMTP password.
      .meta({ title: "SMTP URL", ...secretField }),
    from: z.string().min(3).meta({ title: "From address" }),
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
