import kitConfig from "../../kit.config.json";

export type SeededUser = { email: string; name: string; password: string };

/** A user the kit adds at every start, from the app's kit.config.json. */
export function seededUser(name: string): SeededUser {
  const user = kitConfig.users.find((candidate) => candidate.name === name);
  if (!user) throw new Error(`kit.config.json has no user named ${name}.`);
  return user;
}
