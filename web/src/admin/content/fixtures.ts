import { screen } from "@testing-library/react";
import { ME, MY_ORG } from "../../test/fixtures";
import { findPage, renderApp } from "../../test/harness";
import type { Content } from "./queries";

export const MANAGER = { ...ME, role: "manager" as const };
export const ROME = { ...MY_ORG, timezone: "Europe/Rome" };
export const SALES = { group_id: "g-sales", name: "Sales", members: 7 };
export const FIELD = { group_id: "g-field", name: "Field team", members: 2 };
export const GROUPS = { items: [SALES, FIELD], next_cursor: null };

export function content(overrides: Partial<Content> = {}): Content {
  return {
    content_id: "c-launch",
    title: "Launch day",
    body: "We ship today.",
    url: "https://acme.example/launch",
    image_url: null,
    messages: {},
    networks: [],
    groups: [],
    points: null,
    status: "published",
    publish_at: "2026-11-02T08:00:00Z",
    expires_at: "2026-12-02T08:00:00Z",
    created_by: "u-max",
    created_at: "2026-11-01T09:00:00Z",
    approved_by: null,
    approved_at: null,
    rejected_by: null,
    rejected_at: null,
    rejection_note: null,
    text_editable: true,
    stats: { shares: 42, clicks: 1317, unique_clicks: 188 },
    ...overrides,
  };
}

export function page(items: Content[], next: string | null = null) {
  return { items, next_cursor: next };
}

/** The content screen, its composer opened for new content. */
export async function openComposer() {
  const rendered = renderApp("/admin/content");
  await findPage("Content");
  await rendered.user.click(screen.getByRole("button", { name: "New content" }));
  await findPage("New content");
  return rendered;
}
