import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { Dialog } from "./Dialog";

function Page(props: { onClose?: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      <p>Behind the dialog</p>
      {open ? (
        <Dialog
          title="Remove the reward?"
          onClose={() => {
            props.onClose?.();
            setOpen(false);
          }}
          footer={
            <>
              <button type="button">Cancel</button>
              <button type="button">Remove</button>
            </>
          }
        >
          <p>Members can no longer redeem it.</p>
        </Dialog>
      ) : null}
    </>
  );
}

describe("Dialog", () => {
  it("is a modal named by its title that starts on its first control and keeps focus inside", async () => {
    const user = userEvent.setup();
    render(<Page />);
    await user.click(screen.getByRole("button", { name: "Open" }));
    const dialog = screen.getByRole("dialog", { name: "Remove the reward?" });
    expect(dialog).toHaveTextContent("Members can no longer redeem it.");
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole("button", { name: "Remove" })).toHaveFocus();
    await user.tab(); // wraps, never reaching the page behind
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.tab({ shift: true });
    expect(screen.getByRole("button", { name: "Remove" })).toHaveFocus();
    // The page behind is out of reach of assistive technology while the dialog is open.
    expect(screen.queryByRole("button", { name: "Open" })).toBeNull();
  });

  it("closes on Escape and gives focus back; a click outside changes nothing", async () => {
    const onClose = vi.fn();
    const user = userEvent.setup();
    render(<Page onClose={onClose} />);
    const opener = screen.getByRole("button", { name: "Open" });
    await user.click(opener);
    await user.click(document.querySelector(".dialog-backdrop")!);
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.getByRole("dialog")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus()); // taken back inside
    await user.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole("dialog")).toBeNull();
    await waitFor(() => expect(opener).toHaveFocus());
  });
});
