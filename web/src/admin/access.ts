import type { Me } from "../api/types";

export type Role = Me["role"];

const RANK: Record<Role, number> = { member: 0, manager: 1, admin: 2 };

/** Whether `role` is at least `least`: the API declares each operation's least role
 * (`x-advocacy-role`), and a screen needs the least role of the operations it calls. */
export function atLeast(role: Role | undefined, least: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[least];
}
