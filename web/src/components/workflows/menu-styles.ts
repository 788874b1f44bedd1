/** The dropdown menus of the workflow screens share one look. */
export const MENU_CONTENT = "z-50 min-w-56 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg";
export const MENU_ITEM =
  "flex cursor-pointer items-start gap-2 rounded px-2 py-1.5 outline-none data-[highlighted]:bg-slate-100";
