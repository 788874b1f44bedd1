import { env } from "./env";

/** An error the user should read; main prints it and exits 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly lines: string[] = [],
  ) {
    super(message);
  }
}

interface ApiErrorBody {
  error?: { code?: string; message?: string; details?: { errors?: { path: string; message: string }[] } };
}

export interface RequestOptions {
  method?: string;
  body?: string;
  contentType?: string;
  query?: Record<string, string | undefined>;
}

/** Calls the REST API with the configured token; non-2xx answers become a CliError carrying the API's message. */
export async function api<T>(
  path: string,
  { method = "GET", body, contentType = "application/json", query = {} }: RequestOptions = {},
): Promise<{ status: number; data: T }> {
  if (!env.SWITCHYARD_TOKEN)
    throw new CliError("SWITCHYARD_TOKEN is not set. Create a token with `npx switchyard bootstrap` and export it.");
  const url = new URL(path, env.SWITCHYARD_URL);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      body,
      headers: {
        authorization: `Bearer ${env.SWITCHYARD_TOKEN}`,
        ...(body === undefined ? {} : { "content-type": contentType }),
      },
    });
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
    throw new CliError(
      `Cannot reach Switchyard at ${env.SWITCHYARD_URL} (${cause}). Is it running? Set SWITCHYARD_URL to point elsewhere.`,
    );
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    throw new CliError(`${method} ${url.pathname} answered ${res.status} with a non-JSON body: ${text.slice(0, 200)}`);
  }
  if (!res.ok) {
    const e = (data as ApiErrorBody | null)?.error;
    const lines = (e?.details?.errors ?? []).map((d) => `  ${d.path}: ${d.message}`);
    throw new CliError(
      `${e?.message ?? `${method} ${url.pathname} failed`} (HTTP ${res.status}${e?.code ? `, ${e.code}` : ""})`,
      lines,
    );
  }
  return { status: res.status, data: data as T };
}
