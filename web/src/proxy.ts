import { NextResponse, type NextRequest } from "next/server";
import type { ApiErrorBody } from "~/server/http/api-error";

/**
 * A path that is not valid percent-encoded UTF-8 (`/hooks/%ED%A0%80`) names nothing here, but in a
 * production build Next.js 16 answers it inside its router with a bare 500 before any route can
 * refuse it (vercel/next.js#92527; `next dev` answers 400). So it is refused first, with the JSON
 * error every route gives.
 */
export function proxy(request: NextRequest): Response {
  if (decodes(request.nextUrl.pathname)) return NextResponse.next();
  const body: ApiErrorBody = {
    error: { code: "invalid_path", message: "The path is not valid percent-encoded UTF-8." },
  };
  return NextResponse.json(body, { status: 400 });
}

function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

// Only a path with an escape can fail to decode; every other request skips the proxy.
export const config = { matcher: "/(.*%.*)" };
