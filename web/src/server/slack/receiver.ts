import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import { after } from "next/server";

/** Slack gives up on an answer after 3 s; a listener that has not acknowledged by then gets a plain 200. */
const ACK_WITHIN_MS = 2_500;

/**
 * Bolt's receiver inside a Next.js route: the route hands it a verified payload; the answer is
 * whatever the listener acknowledges with, sent as soon as it acknowledges, while the listener's
 * work goes on after the response (Next's `after`).
 */
export class NextReceiver implements Receiver {
  private app: App | undefined;

  init(app: App): void {
    this.app = app;
  }

  // Next serves the requests: there is no server of Bolt's own to start or stop.
  start = () => Promise.resolve();
  stop = () => Promise.resolve();

  async respond(body: Record<string, unknown>, onError: (err: unknown) => void): Promise<Response> {
    let answer!: (response: Response) => void;
    const acked = new Promise<Response>((resolve) => (answer = resolve));
    const event: ReceiverEvent = {
      body,
      ack: async (response?: unknown) =>
        answer(response === undefined ? new Response(null, { status: 200 }) : Response.json(response)),
    };
    const work = this.app!.processEvent(event).catch(onError);
    after(work);
    const ok = () => new Response(null, { status: 200 });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Response>((resolve) => (timer = setTimeout(() => resolve(ok()), ACK_WITHIN_MS)));
    // A payload no listener takes is answered once Bolt is done with it.
    const response = await Promise.race([acked, late, work.then(ok)]);
    clearTimeout(timer);
    return response;
  }
}
