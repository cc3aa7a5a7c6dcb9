/** Class names shared by the harness's controls. */
export const controlButton =
  "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm hover:bg-slate-100 disabled:opacity-50";
