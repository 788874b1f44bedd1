export const baselineActivities = {
  async fetchOnce(url: string): Promise<number> {
    const res = await fetch(url, { method: "POST" });
    await res.text();
    return res.status;
  },
};
