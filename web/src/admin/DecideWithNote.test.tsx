import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../i18n";
import { DecideWithNote, NOTE_MAX } from "./DecideWithNote";

const LABELS = { note: "Note", noteHint: "Why.", tooLong: "Too long.", cancel: "Cancel", confirm: "Reject", busy: "Rejecting…" };

function renderDialog(props: Partial<Parameters<typeof DecideWithNote>[0]> = {}) {
  const onConfirm = vi.fn();
  const user = userEvent.setup();
  render(
    <I18nProvider initial="en">
      <DecideWithNote title="Reject it?" labels={LABELS} busy={false} error={null} offline={null} onConfirm={onConfirm} onClose={() => undefined} {...props}>
        <p>What it does.</p>
      </DecideWithNote>
    </I18nProvider>,
  );
  return { onConfirm, user };
}

describe("DecideWithNote", () => {
  it("asks for a required note when pressed, refuses one too long, and sends it trimmed", async () => {
    const { onConfirm, user } = renderDialog({ labels: { ...LABELS, needed: "Write a note." } });
    const note = screen.getByLabelText("Note");
    expect(note).toBeRequired();
    expect(note).toHaveAccessibleDescription("Why.");
    await user.click(screen.getByRole("button", { name: "Reject" }));
    expect(note).toHaveAccessibleDescription(/Write a note\.$/);

    await user.click(note);
    await user.paste("x".repeat(NOTE_MAX + 1));
    await user.click(screen.getByRole("button", { name: "Reject" }));
    expect(note).toHaveAccessibleDescription(/Too long\.$/);

    await user.clear(note);
    await user.type(note, "  Not this week ");
    await user.click(screen.getByRole("button", { name: "Reject" }));
    expect(onConfirm).toHaveBeenCalledExactlyOnceWith("Not this week");
  });

  it("sends an optional note empty", async () => {
    const first = renderDialog();
    expect(screen.getByLabelText("Note")).not.toBeRequired();
    await first.user.click(screen.getByRole("button", { name: "Reject" }));
    expect(first.onConfirm).toHaveBeenCalledExactlyOnceWith("");
  });

  it("ignores a press while busy", async () => {
    const { onConfirm, user } = renderDialog({ busy: true });
    await user.click(screen.getByRole("button", { name: "Rejecting…" }));
    expect(onConfirm).not.toHaveBeenCalled();
  });
});
