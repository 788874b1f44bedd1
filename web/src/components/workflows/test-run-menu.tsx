"use client";
// The editor's "Test run" menu: run the whole workflow, in test mode, up to a step, or one step.
import * as Menu from "@radix-ui/react-dropdown-menu";
import { FlaskConical } from "lucide-react";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { MENU_CONTENT, MENU_ITEM } from "./menu-styles";
import { TestRunDialog } from "./test-run-dialog";
import { TEST_RUN_MODES, type TestRunMode } from "./test-run-modes";

export interface TestRunMenuProps {
  workspace: string;
  slug: string;
  /** Preselects this step for "up to" and "one step" (e.g. the step selected in the editor). */
  stepId?: string;
}

/** Runs the latest saved version; the run page opens once the run is accepted. */
export function TestRunMenu({ workspace, slug, stepId }: TestRunMenuProps) {
  const [mode, setMode] = useState<TestRunMode | null>(null);
  return (
    <>
      <Menu.Root>
        <Menu.Trigger asChild>
          <Button size="sm" variant="ghost" data-testid="test-run-menu">
            <FlaskConical aria-hidden className="size-4" />
            Test run
          </Button>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content align="end" className={MENU_CONTENT}>
            {TEST_RUN_MODES.map((m) => (
              <Menu.Item key={m.mode} className={MENU_ITEM} onSelect={() => setMode(m.mode)}>
                <div>
                  <div className="font-medium">{m.title}…</div>
                  <div className="text-xs text-slate-500">{m.hint}</div>
                </div>
              </Menu.Item>
            ))}
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      {mode && (
        <TestRunDialog workspace={workspace} slug={slug} mode={mode} stepId={stepId} onClose={() => setMode(null)} />
      )}
    </>
  );
}
