import { env } from "~/env";

export const dynamic = "force-dynamic";

export default function Home() {
  return (
    <main>
      <h1>Switchyard</h1>
      <p>Connect your accounts, wire triggers to actions, and every run is a durable Temporal workflow.</p>
      <ul>
        <li>
          Webhooks: <code>POST /hooks/&lt;token&gt;</code>
        </li>
        <li>
          Runs API: <code>GET /api/v1/runs/&lt;runId&gt;</code> with{" "}
          <code>Authorization: Bearer &lt;workspace API token&gt;</code>
        </li>
        <li>
          Health: <a href="/api/health">/api/health</a>
        </li>
        <li>
          Temporal Web UI: <a href={env.TEMPORAL_UI_URL}>{env.TEMPORAL_UI_URL}</a>
        </li>
      </ul>
    </main>
  );
}
