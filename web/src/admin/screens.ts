import { type ComponentType, lazy, type LazyExoticComponent } from "react";
import type { MessageKey } from "../i18n/en";
import type { Role } from "./access";

/** An admin or manager screen: where it lives, its navigation label, the least role of the API
 * operations it calls (so the navigation never offers a screen the API would refuse), and its page,
 * a chunk of its own that only those who may open it ever load. */
export interface AdminScreen {
  path: string;
  label: MessageKey;
  least: Role;
  Page: LazyExoticComponent<ComponentType>;
}

export const ADMIN_SCREENS: readonly AdminScreen[] = [
  { path: "/admin/content", label: "nav.content", least: "manager", Page: lazy(() => import("./content/ContentPage")) },
  { path: "/admin/suggestions", label: "nav.suggestions", least: "manager", Page: lazy(() => import("./suggestions/SuggestionsPage")) },
  { path: "/admin/members", label: "nav.members", least: "admin", Page: lazy(() => import("./members/MembersPage")) },
  { path: "/admin/groups", label: "nav.groups", least: "admin", Page: lazy(() => import("./groups/GroupsPage")) },
  { path: "/admin/feeds", label: "nav.feeds", least: "admin", Page: lazy(() => import("./feeds/FeedsPage")) },
  { path: "/admin/analytics", label: "nav.analytics", least: "manager", Page: lazy(() => import("./analytics/AnalyticsPage")) },
  { path: "/admin/rewards", label: "nav.rewardsAdmin", least: "admin", Page: lazy(() => import("./rewards/RewardsAdminPage")) },
  { path: "/admin/contests", label: "nav.contestsAdmin", least: "manager", Page: lazy(() => import("./contests/ContestsAdminPage")) },
  { path: "/admin/settings", label: "nav.settings", least: "admin", Page: lazy(() => import("./settings/SettingsPage")) },
];
