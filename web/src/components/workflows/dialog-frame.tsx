"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import type { ReactNode } from "react";

interface DialogFrameProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  description: string;
  /** The button that opens it (rendered as the Radix trigger). */
  trigger?: ReactNode;
  wide?: boolean;
  children: ReactNode;
}

/** The workflow screens' dialog: overlay, title, description, a close button, and the content. */
export function DialogFrame({ open, onOpenChange, title, description, trigger, wide, children }: DialogFrameProps) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger && <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>}
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/30" />
        <Dialog.Content
          className={`fixed top-12 left-1/2 z-50 max-h-[calc(100vh-6rem)] w-[calc(100vw-2rem)] -translate-x-1/2 overflow-auto rounded-lg border border-slate-200 bg-white p-5 shadow-xl ${wide ? "max-w-5xl" : "max-w-xl"}`}
        >
          <div className="flex items-start justify-between gap-4">
            <div>
              <Dialog.Title className="text-base font-semibold">{title}</Dialog.Title>
              <Dialog.Description className="mt-1 text-sm text-slate-600">{description}</Dialog.Description>
            </div>
            <Dialog.Close aria-label="Close" className="rounded p-1 text-slate-500 hover:bg-slate-100">
              <X aria-hidden className="size-4" />
            </Dialog.Close>
          </div>
          <div className="mt-4">{children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
