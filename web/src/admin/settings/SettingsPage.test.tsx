import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ME } from "../../test/fixtures";
import { apiError, findPage, json, pending, renderApp, setOnline, stubApi } from "../../test/harness";
import type { Org } from "./queries";

const ADMIN = { ...ME, role: "admin" as const };
const ORG: Org = {
  org_id: "org-acme",
  name: "Acme Robotics",
  timezone: "Europe/London",
  point_rules: { share: 10, personalised_share: 5, click: 2, click_daily_cap_per_share: 20, content_submission: 5, suggestion_accepted: 20 },
  emv: { cpm: 12.5, cpc: 1.8, currency: "GBP" },
  limits: { content_points_max: 100, prize_points_max: 1000 },
  follower_limits: { linkedin: 30000, x: 100000, facebook: 5000 },
  domains: ["acme.example"],
  allowed_emails: [],
  default_content_ttl_days: 30,
  digest_weekday: "monday",
  content_needs_approval: false,
  level_thresholds: [],
  created_at: "2026-09-01T10:00:00Z",
  updated_at: "2026-11-02T08:41:19Z",
};

function stub(routes: Record<string, unknown> = {}) {
  return stubApi({ "GET /me": ADMIN, "GET /org": ORG, ...routes });
}

async function openSettings() {
  const rendered = renderApp("/admin/settings");
  await findPage("Settings");
  await screen.findByRole("button", { name: "Save changes" });
  return rendered;
}

describe("Settings (admin)", () => {
  it("is refused to a manager", async () => {
    stubApi({ "GET /me": { ...ME, role: "manager" }, "GET /feed": { items: [], next_cursor: null } });
    renderApp("/admin/settings");
    expect(await screen.findByRole("heading", { level: 1, name: "Not for your role" })).toBeInTheDocument();
  });

  it("shows skeletons while loading, then every setting as stored, the time zone chosen from the browser's list", async () => {
    let answer: (value: Response) => void = () => undefined;
    stub({ "GET /org": () => new Promise<Response>((resolve) => (answer = resolve)) });
    renderApp("/admin/settings");
    await findPage("Settings");
    expect(screen.getByText("Loading…")).toBeInTheDocument();
    answer(json(ORG));
    expect(await screen.findByLabelText("Name")).toHaveValue("Acme Robotics");
    const zone = screen.getByRole("combobox", { name: "Time zone" });
    expect(zone).toHaveValue("Europe/London");
    expect(within(zone).getByRole("option", { name: "Asia/Tokyo" })).toBeInTheDocument();
    expect(screen.getByLabelText("Points for a share")).toHaveValue("10");
    expect(screen.getByLabelText("Clicks that earn points, per share per day")).toHaveValue("20");
    expect(screen.getByLabelText("CPM (per 1,000 people reached)")).toHaveValue("12.5");
    expect(screen.getByLabelText("Currency")).toHaveValue("GBP");
    expect(screen.getByLabelText("Default content lifetime (days)")).toHaveValue("30");
    expect(screen.getByRole("combobox", { name: "Weekly digest day" })).toHaveValue("monday");
    // No thresholds of the org's own: the field is empty and says what that means.
    expect(screen.getByLabelText("Level thresholds")).toHaveValue("");
    expect(screen.getByLabelText("Level thresholds")).toHaveAccessibleDescription(/Empty: the standard curve/);
  });

  it("falls back to a text field where the browser cannot list time zones", async () => {
    const list = vi.spyOn(Intl, "supportedValuesOf").mockReturnValue([]);
    stub();
    await openSettings();
    expect(screen.getByRole("textbox", { name: "Time zone" })).toHaveValue("Europe/London");
    list.mockRestore();
  });

  it("says an error as a sentence with a retry, and waits while offline", async () => {
    stub({ "GET /org": apiError(500, "internal_error", "boom") });
    const first = renderApp("/admin/settings");
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
    first.unmount();

    const api = stub({ "GET /groups": { items: [], next_cursor: null } });
    const { user } = renderApp("/admin/groups");
    await findPage("Groups");
    setOnline(false);
    await user.click(screen.getByRole("link", { name: "Settings" }));
    expect(await screen.findByText("Waiting for a connection: this shows as soon as you are back online.")).toBeInTheDocument();
    expect(api.requestsTo("GET", "/org")).toHaveLength(0);
    setOnline(true);
    expect(await screen.findByLabelText("Name")).toHaveValue("Acme Robotics");
  });

  it("saves only what changed, nested settings by their own fields", async () => {
    const api = stub({
      "PATCH /org": async (request: Request) => {
        const body = (await request.json()) as Partial<Org>;
        return json({
          ...ORG,
          ...body,
          point_rules: { ...ORG.point_rules, ...body.point_rules },
          emv: { ...ORG.emv, ...body.emv },
          limits: { ...ORG.limits, ...body.limits },
          updated_at: "2026-11-03T08:00:00Z",
        });
      },
    });
    const { user } = await openSettings();
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Nothing changed, so nothing was saved.")).toBeInTheDocument();
    expect(api.requestsTo("PATCH", "/org")).toHaveLength(0);

    await user.clear(screen.getByLabelText("Points for a share"));
    await user.type(screen.getByLabelText("Points for a share"), "15");
    await user.clear(screen.getByLabelText("Currency"));
    await user.type(screen.getByLabelText("Currency"), "eur");
    expect(screen.getByLabelText("Currency")).toHaveValue("EUR"); // in capitals as it is typed
    await user.selectOptions(screen.getByRole("combobox", { name: "Time zone" }), "Europe/Rome");
    await user.selectOptions(screen.getByRole("combobox", { name: "Weekly digest day" }), "friday");
    await user.clear(screen.getByLabelText("Most points a content item's share may earn"));
    await user.type(screen.getByLabelText("Most points a content item's share may earn"), "50");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    const [patch] = api.requestsTo("PATCH", "/org");
    expect(await patch!.json()).toEqual({
      timezone: "Europe/Rome",
      point_rules: { share: 15 },
      emv: { currency: "EUR" },
      limits: { content_points_max: 50 },
      digest_weekday: "friday",
    });
    // The form starts again from what was stored: saving again sends nothing.
    expect(screen.getByLabelText("Points for a share")).toHaveValue("15");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Nothing changed, so nothing was saved.")).toBeInTheDocument();
    expect(api.requestsTo("PATCH", "/org")).toHaveLength(1);
  });

  it("takes level thresholds as rising numbers, and empties them back to the standard curve", async () => {
    let stored: Org = { ...ORG, level_thresholds: [100, 300] };
    const api = stub({
      "GET /org": () => json(stored),
      "PATCH /org": async (request: Request) => {
        stored = { ...stored, ...((await request.json()) as Partial<Org>) };
        return json(stored);
      },
    });
    const { user } = await openSettings();
    const field = screen.getByLabelText("Level thresholds");
    expect(field).toHaveValue("100, 300");
    await user.clear(field);
    await user.type(field, "50, 40");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(field).toHaveAccessibleDescription(/each more than the one before, at most 50\./);
    expect(api.requestsTo("PATCH", "/org")).toHaveLength(0);

    await user.clear(field);
    await user.type(field, "50 120, 400");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    expect(await api.requestsTo("PATCH", "/org")[0]!.json()).toEqual({ level_thresholds: [50, 120, 400] });
    expect(screen.getByLabelText("Level thresholds")).toHaveValue("50, 120, 400");

    await user.clear(screen.getByLabelText("Level thresholds"));
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(api.requestsTo("PATCH", "/org")).toHaveLength(2));
    expect(await api.requestsTo("PATCH", "/org")[1]!.json()).toEqual({ level_thresholds: [] });
  });

  it("turns content approval on and off, sending only that setting", async () => {
    let stored: Org = ORG;
    const api = stub({
      "GET /org": () => json(stored),
      "PATCH /org": async (request: Request) => {
        stored = { ...stored, ...((await request.json()) as Partial<Org>) };
        return json(stored);
      },
    });
    const { user } = await openSettings();
    const approval = screen.getByRole("checkbox", { name: "Content needs an admin's approval" });
    expect(approval).not.toBeChecked();
    expect(approval).toHaveAccessibleDescription(/what a manager publishes or schedules waits/);
    await user.click(approval);
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    expect(await api.requestsTo("PATCH", "/org")[0]!.json()).toEqual({ content_needs_approval: true });
    expect(screen.getByRole("checkbox", { name: "Content needs an admin's approval" })).toBeChecked();

    await user.click(screen.getByRole("checkbox", { name: "Content needs an admin's approval" }));
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(api.requestsTo("PATCH", "/org")).toHaveLength(2));
    expect(await api.requestsTo("PATCH", "/org")[1]!.json()).toEqual({ content_needs_approval: false });
  });

  it("puts errors next to their fields, its own checks and the API's", async () => {
    const api = stub({
      "PATCH /org": apiError(422, "validation_error", "Some fields are not valid.", [
        { field: "emv.cpm", message: "Input should be less than or equal to 100000" },
        { field: "name", message: "must not contain control characters or line breaks" },
      ]),
    });
    const { user } = await openSettings();
    await user.clear(screen.getByLabelText("Points for a share"));
    await user.type(screen.getByLabelText("Points for a share"), "lots");
    await user.clear(screen.getByLabelText("Default content lifetime (days)"));
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(screen.getByLabelText("Points for a share")).toHaveAccessibleDescription("A whole number from 0 to 10000.");
    expect(screen.getByLabelText("Default content lifetime (days)")).toHaveAccessibleDescription(/Fill this in\./);
    expect(screen.getByLabelText("Points for a share")).toHaveFocus(); // the first field found wrong
    expect(api.requestsTo("PATCH", "/org")).toHaveLength(0);

    await user.clear(screen.getByLabelText("Points for a share"));
    await user.type(screen.getByLabelText("Points for a share"), "10");
    await user.type(screen.getByLabelText("Default content lifetime (days)"), "30");
    await user.clear(screen.getByLabelText("CPM (per 1,000 people reached)"));
    await user.type(screen.getByLabelText("CPM (per 1,000 people reached)"), "99999");
    await user.type(screen.getByLabelText("Name"), " Ltd");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() =>
      expect(screen.getByLabelText("CPM (per 1,000 people reached)")).toHaveAccessibleDescription("Input should be less than or equal to 100000"),
    );
    expect(screen.getByLabelText("Name")).toHaveAccessibleDescription("must not contain control characters or line breaks");
    expect(await api.requestsTo("PATCH", "/org")[0]!.json()).toEqual({ name: "Acme Robotics Ltd", emv: { cpm: 99999 } });
  });

  it.each([
    ["Name", "   ", /Fill this in\./],
    ["Time zone", " ", /Fill this in\./],
    ["Points for a share", "10001", /^A whole number from 0 to 10000\.$/],
    ["Points for a unique click", "-1", /^A whole number from 0 to 10000\.$/],
    ["Clicks that earn points, per share per day", "100001", /A whole number from 0 to 100000\./],
    ["Most points a content item's share may earn", "2.5", /A whole number from 0 to 100000\./],
    ["Most points for one place of a contest", "1000001", /A whole number from 0 to 1000000\./],
    ["Default content lifetime (days)", "0", /A whole number from 1 to 3650\./],
    ["Default content lifetime (days)", "3651", /A whole number from 1 to 3650\./],
    ["CPM (per 1,000 people reached)", "100000.5", /^A number from 0 to 100000, with at most 4 decimals\.$/],
    ["CPC (per unique click)", "1.23456", /^A number from 0 to 100000, with at most 4 decimals\.$/],
    ["CPC (per unique click)", "1e3", /^A number from 0 to 100000, with at most 4 decimals\.$/],
    ["Currency", "EU", /Three capital letters, like EUR\./],
    ["Currency", "E1R", /Three capital letters, like EUR\./],
    ["Level thresholds", "0, 100", /each more than the one before, at most 50\./],
    ["Level thresholds", "100, 100", /each more than the one before, at most 50\./],
    ["Level thresholds", "100, 2.5e3", /each more than the one before, at most 50\./],
    ["Level thresholds", "1000000001", /each more than the one before, at most 50\./],
    ["Level thresholds", Array.from({ length: 51 }, (_, i) => i + 1).join(", "), /each more than the one before, at most 50\./],
  ])("refuses %s %j, sending nothing", async (label, text, message) => {
    const list = vi.spyOn(Intl, "supportedValuesOf").mockReturnValue([]); // the time zone as text
    const api = stub({ "PATCH /org": () => json(ORG) });
    const { user } = await openSettings();
    const field = screen.getByLabelText(label);
    await user.clear(field);
    await user.click(field);
    await user.paste(text);
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(field).toHaveAccessibleDescription(message);
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field).toHaveFocus();
    expect(api.requestsTo("PATCH", "/org")).toHaveLength(0);
    list.mockRestore();
  });

  it("takes the most the form allows, trimmed", async () => {
    const api = stub({ "PATCH /org": () => json(ORG) });
    const { user } = await openSettings();
    const typeInto = async (label: string, text: string) => {
      await user.clear(screen.getByLabelText(label));
      await user.type(screen.getByLabelText(label), text);
    };
    await typeInto("Name", "  Acme Two ");
    await typeInto("Points for a share", " 10000");
    await typeInto("Default content lifetime (days)", "3650");
    await typeInto("CPC (per unique click)", "100000.0000");
    await typeInto("CPM (per 1,000 people reached)", "0.0001");
    await typeInto("Level thresholds", Array.from({ length: 50 }, (_, i) => (i + 1) * 100).join(" "));
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    expect(await api.requestsTo("PATCH", "/org")[0]!.json()).toEqual({
      name: "Acme Two",
      point_rules: { share: 10000 },
      level_thresholds: Array.from({ length: 50 }, (_, i) => (i + 1) * 100),
      emv: { cpm: 0.0001, cpc: 100000 },
      default_content_ttl_days: 3650,
    });
  });

  it("leaves a stored setting it would not take unchecked and unsent while another is saved", async () => {
    const api = stub({ "GET /org": { ...ORG, emv: { ...ORG.emv, cpc: 1.23456 } }, "PATCH /org": () => json(ORG) });
    const { user } = await openSettings();
    expect(screen.getByLabelText("CPC (per unique click)")).toHaveValue("1.23456");
    await user.type(screen.getByLabelText("Name"), " Ltd");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    expect(await api.requestsTo("PATCH", "/org")[0]!.json()).toEqual({ name: "Acme Robotics Ltd" });
  });

  it("says it is saving, and ignores another save meanwhile", async () => {
    const api = stub({ "PATCH /org": () => pending() });
    const { user } = await openSettings();
    await user.type(screen.getByLabelText("Name"), " Ltd");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    const busy = await screen.findByRole("button", { name: "Saving…" });
    expect(busy).toHaveAttribute("aria-disabled", "true");
    await user.type(screen.getByLabelText("Name"), " Two");
    await user.click(busy);
    expect(screen.getByRole("button", { name: "Saving…" })).toBe(busy);
    expect(api.requestsTo("PATCH", "/org")).toHaveLength(1);
  });

  it("bounds self-declared followers per network, saving only the limit changed", async () => {
    let stored: Org = ORG;
    const api = stub({
      "GET /org": () => json(stored),
      "PATCH /org": async (request: Request) => {
        const body = (await request.json()) as Partial<Org>;
        stored = { ...stored, follower_limits: { ...stored.follower_limits, ...body.follower_limits } };
        return json(stored);
      },
    });
    const { user } = await openSettings();
    const linkedin = screen.getByLabelText("Most self-declared LinkedIn followers");
    expect(linkedin).toHaveValue("30000");
    expect(screen.getByLabelText("Most self-declared X followers")).toHaveAccessibleDescription(/not connected their X account/);
    expect(screen.getByText(/LinkedIn does not report followers to the app/)).toBeInTheDocument();
    await user.clear(linkedin);
    await user.type(linkedin, "1000000001");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(linkedin).toHaveAccessibleDescription("A whole number from 0 to 1000000000.");
    expect(api.requestsTo("PATCH", "/org")).toHaveLength(0);
    await user.clear(linkedin);
    await user.type(linkedin, "2000");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    expect(await api.requestsTo("PATCH", "/org")[0]!.json()).toEqual({ follower_limits: { linkedin: 2000 } });
    expect(screen.getByLabelText("Most self-declared LinkedIn followers")).toHaveValue("2000");
  });

  it("shows the email domains the operator set, not as a setting to change", async () => {
    stub({ "GET /org": { ...ORG, domains: ["acme.example", "acme-robotics.example"], allowed_emails: ["pat@gmail.example"] } });
    await openSettings();
    const section = screen.getByRole("heading", { name: "Email domains" }).closest("section")!;
    expect(within(section).getByText(/acme\.example, acme-robotics\.example/)).toBeInTheDocument();
    expect(within(section).getByText(/pat@gmail\.example/)).toBeInTheDocument();
    expect(within(section).queryByRole("textbox")).toBeNull();
  });

  it("says an org has no domains yet", async () => {
    stub({ "GET /org": { ...ORG, domains: [] } });
    await openSettings();
    expect(screen.getByText(/none yet/)).toBeInTheDocument();
    expect(screen.queryByText("Also allowed:")).toBeNull();
  });

  it("says a concurrent change as a sentence, and Reload shows what is stored now", async () => {
    let stored = ORG;
    const api = stub({
      "GET /org": () => json(stored),
      "PATCH /org": () => apiError(409, "conflict", "the org was changed by another request; retry"),
    });
    const { user } = await openSettings();
    await user.clear(screen.getByLabelText("Name"));
    await user.type(screen.getByLabelText("Name"), "Acme Two");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Someone else changed the settings while you were editing. Reload to see their changes, then make yours again.",
    );
    stored = { ...ORG, name: "Acme Robotics Europe", updated_at: "2026-11-03T09:00:00Z" };
    await user.click(screen.getByRole("button", { name: "Reload" }));
    await waitFor(() => expect(screen.getByLabelText("Name")).toHaveValue("Acme Robotics Europe"));
    expect(screen.queryByRole("alert")).toBeNull();
    expect(api.requestsTo("GET", "/org").length).toBeGreaterThanOrEqual(2);
  });
});
