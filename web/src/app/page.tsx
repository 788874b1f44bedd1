import { redirect } from "next/navigation";
import { landingPath, requireSignedIn } from "~/server/auth/landing";

export const dynamic = "force-dynamic";

export default async function Home() {
  redirect(await landingPath(await requireSignedIn("/")));
}
