// For tests: a workflow whose steps remember, `fetch` its result (cache) and `push` the rows it
// sent (an incremental fan-out over fetch's rows).
export const REMEMBERING_WORKFLOW = {
  name: "Sync rows",
  trigger: { type: "webhook" },
  steps: [
    { id: "fetch", uses: "core.transform", cache: { ttl: "7d" }, with: { value: { rows: [1, 2, 3] } } },
    {
      id: "push",
      uses: "http.request",
      needs: ["fetch"],
      forEach: "{{ steps.fetch.output.rows }}",
      incremental: { key: "{{ item }}" },
      with: { url: "http://127.0.0.1:1/rows", method: "POST", body: "{{ item }}" },
    },
  ],
};
