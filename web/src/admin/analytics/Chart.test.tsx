import { render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../../i18n";
import { ChartFigure } from "./Chart";

// The charts' module cannot be loaded (offline, or a deploy replaced its file).
vi.mock("./draw", () => {
  throw new Error("Failed to fetch dynamically imported module");
});

describe("ChartFigure", () => {
  it("shows the figures as a table when the charts cannot be loaded", async () => {
    render(
      <I18nProvider initial="en">
        <ChartFigure
          kind="bar"
          title="Per network"
          category="Network"
          labels={["LinkedIn", "X"]}
          series={[{ label: "Shares", values: [3, 1], color: "#1d4ed8" }]}
          format={(n) => String(n)}
        />
      </I18nProvider>,
    );
    const toggle = screen.getByRole("button", { name: /Per network/ });
    await waitFor(() => expect(toggle).toHaveAttribute("aria-pressed", "true"));
    const table = screen.getByRole("table", { name: "Per network" });
    expect(table.closest(".chart-table")).not.toBeNull();
    expect(screen.getByRole("row", { name: "LinkedIn 3" })).toBeInTheDocument();
    expect(document.querySelector("canvas")).toBeNull();
  });
});
