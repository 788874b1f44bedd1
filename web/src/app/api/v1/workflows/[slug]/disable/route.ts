import { toggleRoute } from "../../../_lib/toggle";

export const POST = toggleRoute(false);
