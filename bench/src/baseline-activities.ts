export const baselineActivities = {
  /** Does nothing: what an activity's round trip costs by itself. */
  async noop(): Promise<void> {},
  async fetchOnce(url: string): Promise<number> {
    const res = await fetch(url, { method: "POST" });
    await res.text();
    return res.status;
  },
};
