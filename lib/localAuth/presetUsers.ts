/** Development users offered on the local sign-in page (plain data, safe for the browser). */
export const presetUsers = [
  { name: "Ada Teacher", email: "ada.teacher@example.test" },
  { name: "Ben Student", email: "ben.student@example.test" },
  { name: "Chloe Student", email: "chloe.student@example.test" },
] as const;
