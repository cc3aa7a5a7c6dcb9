/** Accounts every fresh stand-in starts with; all share one password. */
export const PRESET_PASSWORD = "classroom-dev-password";

export type PresetUser = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
};

export const PRESET_USERS: PresetUser[] = [
  {
    id: "user_teacher",
    email: "teacher@example.com",
    firstName: "Tess",
    lastName: "Teacher",
  },
  {
    id: "user_student",
    email: "student@example.com",
    firstName: "Sam",
    lastName: "Student",
  },
];

export type PresetOrganization = {
  id: string;
  name: string;
  slug: string;
  members: { userId: string; role: "org:admin" | "org:member" }[];
};

export const PRESET_ORGANIZATIONS: PresetOrganization[] = [
  {
    id: "org_classroom",
    name: "Room 101",
    slug: "room-101",
    members: [
      { userId: "user_teacher", role: "org:admin" },
      { userId: "user_student", role: "org:member" },
    ],
  },
  {
    id: "org_staff",
    name: "Staff room",
    slug: "staff-room",
    members: [{ userId: "user_teacher", role: "org:member" }],
  },
];
