// Opened from the link `start` answered: GET shows what would be connected, POST confirms it in this browser.
import { beginPage, confirmAttempt } from "~/server/services/oauth";
import { pageRoute } from "../_lib/page";

export const dynamic = "force-dynamic";

export const GET = pageRoute(beginPage);
export const POST = pageRoute(confirmAttempt);
