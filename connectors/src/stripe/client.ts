import { HttpError, NonRetryableError } from "../sdk/errors";
import type { HttpClient, HttpRequest, HttpResponse } from "../sdk/http/client";

/** Stripe wants form-encoded bodies, with nested keys as `a[b]` and lists as `a[]`. */
export function stripeForm(params: Record<string, unknown>, prefix = ""): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    const key = prefix ? `${prefix}[${k}]` : k;
    if (Array.isArray(v)) v.forEach((x) => out.append(`${key}[]`, String(x)));
    else if (v && typeof v === "object")
      stripeForm(v as Record<string, unknown>, key).forEach((val, kk) => out.append(kk, val));
    else out.append(key, String(v));
  }
  return out;
}

export async function stripe<T>(http: HttpClient, req: HttpRequest): Promise<HttpResponse<T>> {
  try {
    return await http.request<T>(
      req.body === undefined
        ? req
        : {
            ...req,
            body: stripeForm(req.body as Record<string, unknown>).toString(),
            headers: { "content-type": "application/x-www-form-urlencoded", ...req.headers },
          },
    );
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const message = err.json<{ error?: { message?: string } }>()?.error?.message ?? err.body;
    if (err.status === 401)
      throw new NonRetryableError(`Stripe rejected the API key (${message}); reconnect Stripe with a valid secret key`);
    // A restricted key without the permission this call needs.
    if (err.status === 403)
      throw new NonRetryableError(
        `Stripe refused the API key access (${message}); ` +
          "grant the restricted key this permission, or reconnect with another key",
      );
    if (err.status === 400 || err.status === 404) throw new NonRetryableError(`Stripe: ${message}`);
    throw err;
  }
}
