import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../i18n";
import { AuthError } from "./auth";
import { NewPasswordForm } from "./NewPasswordForm";

function renderForm(props: Partial<Parameters<typeof NewPasswordForm>[0]> = {}) {
  const onSubmit = vi.fn(async () => undefined);
  const user = userEvent.setup();
  render(
    <I18nProvider initial="en">
      <NewPasswordForm submitLabel="Save" busyLabel="Saving…" onSubmit={onSubmit} {...props} />
    </I18nProvider>,
  );
  return { onSubmit: props.onSubmit ?? onSubmit, user };
}

describe("NewPasswordForm", () => {
  it("asks for the password twice, with the pool's rules as a hint, and no code unless told", () => {
    renderForm();
    expect(screen.getByLabelText("New password")).toHaveAttribute("autocomplete", "new-password");
    expect(screen.getByLabelText("New password")).toHaveAccessibleDescription(
      "At least 12 characters, with upper and lower case letters, a number and a symbol.",
    );
    expect(screen.getByLabelText("Confirm new password")).toHaveAttribute("type", "password");
    expect(screen.queryByLabelText("Code")).toBeNull();
  });

  it("says what is missing or different next to the field, and submits nothing", async () => {
    const { onSubmit, user } = renderForm({ withCode: true });
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.getByLabelText("Code")).toHaveAccessibleDescription("Enter the code from the email.");
    expect(screen.getByLabelText("New password")).toHaveAccessibleDescription(/Enter your password\.$/);
    expect(screen.getByLabelText("Confirm new password")).not.toHaveAccessibleDescription(); // one message for one mistake
    expect(screen.getByLabelText("Code")).toHaveFocus(); // the first field found wrong

    await user.type(screen.getByLabelText("Code"), "123456");
    await user.type(screen.getByLabelText("New password"), "Brand-new-pass-1!");
    await user.type(screen.getByLabelText("Confirm new password"), "Brand-new-pass-2!");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.getByLabelText("Confirm new password")).toHaveAccessibleDescription(
      "The two passwords are not the same.",
    );
    expect(screen.getByLabelText("Confirm new password")).toHaveFocus();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("takes a code of spaces for none, and an empty confirmation for a different password", async () => {
    const { onSubmit, user } = renderForm({ withCode: true });
    await user.type(screen.getByLabelText("Code"), "   ");
    await user.type(screen.getByLabelText("New password"), "Brand-new-pass-1!");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.getByLabelText("Code")).toHaveAccessibleDescription("Enter the code from the email.");
    expect(screen.getByLabelText("New password")).not.toHaveAccessibleDescription(/Enter your password/);
    expect(screen.getByLabelText("Confirm new password")).toHaveAccessibleDescription(
      "The two passwords are not the same.",
    );
    expect(screen.getByLabelText("Code")).toHaveFocus();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("asks for no code unless told, and sends the password as typed", async () => {
    const { onSubmit, user } = renderForm();
    await user.type(screen.getByLabelText("New password"), " Brand-new-pass-1! ");
    await user.type(screen.getByLabelText("Confirm new password"), " Brand-new-pass-1! ");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit).toHaveBeenCalledWith(" Brand-new-pass-1! ", "");
  });

  it("hands over the password and the trimmed code, busy meanwhile", async () => {
    let finish: () => void = () => undefined;
    const onSubmit = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const { user } = renderForm({ withCode: true, onSubmit });
    await user.type(screen.getByLabelText("Code"), " 123456 ");
    await user.type(screen.getByLabelText("New password"), "Brand-new-pass-1!");
    await user.type(screen.getByLabelText("Confirm new password"), "Brand-new-pass-1!");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit).toHaveBeenCalledWith("Brand-new-pass-1!", "123456");
    // Busy, and still focused: aria-disabled, where a disabled button would drop the focus.
    const busy = screen.getByRole("button", { name: "Saving…" });
    expect(busy).toHaveAttribute("aria-disabled", "true");
    expect(busy).toHaveFocus();
    await user.click(busy);
    expect(onSubmit).toHaveBeenCalledTimes(1);
    finish();
    expect(await screen.findByRole("button", { name: "Save" })).not.toHaveAttribute("aria-disabled");
  });

  it("shows a refusal as a sentence and keeps what was typed", async () => {
    const onSubmit = vi.fn(async () => {
      throw new AuthError("codeMismatch", "Invalid verification code provided, please try again.");
    });
    const { user } = renderForm({ withCode: true, onSubmit });
    await user.type(screen.getByLabelText("Code"), "000000");
    await user.type(screen.getByLabelText("New password"), "Brand-new-pass-1!");
    await user.type(screen.getByLabelText("Confirm new password"), "Brand-new-pass-1!");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("This code is not right. Check the email and try again.");
    expect(screen.getByLabelText("Code")).toHaveValue("000000");
    expect(screen.getByRole("button", { name: "Save" })).not.toHaveAttribute("aria-disabled");
  });
});
