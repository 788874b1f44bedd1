import type { ReactNode } from "react";
import "./globals.css";

export const metadata = { title: "Switchyard", description: "Self-hosted integration hub on a durable engine" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
