import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { FakeAuth, findPage, json, renderApp, stubApi } from "../test/harness";
import { COGNITO_CONFIG, newPasswordChallenge, signedIn, stubCognito, wrongPassword } from "../test/cognito";
import { ME, page } from "../test/fixtures";
import { CognitoAuth } from "./cognito";

const made: CognitoAuth[] = [];
function cognitoAuth() {
  const auth = new CognitoAuth(COGNITO_CONFIG);
  made.push(auth);
  void auth.restore();
  return auth;
}
afterEach(() => made.splice(0).forEach((a) => a.dispose()));

function stubEverything(handlers: Parameters<typeof stubCognito>[0]) {
  const api = stubApi({
    "GET /feed": page([]),
    "GET /me/shares": page([]),
    "GET /me": ME,
    "GET /rewards": page([]),
    "GET /me/redemptions": page([]),
  });
  const cognito = stubCognito(handlers, api.fetch as unknown as typeof fetch);
  return { api, cognito };
}

describe("sign-in", () => {
  it("has labelled Email and Password fields and a Sign in button", async () => {
    stubEverything({});
    renderApp("/sign-in", { auth: cognitoAuth() });
    expect(await screen.findByRole("heading", { level: 1, name: "Sign in" })).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toHaveAttribute("type", "email");
    expect(screen.getByLabelText("Password")).toHaveAttribute("type", "password");
    expect(screen.getByRole("button", { name: "Sign in" })).toBeInTheDocument();
  });

  it("says which field is missing, next to it", async () => {
    stubEverything({});
    const { user } = renderApp("/sign-in", { auth: cognitoAuth() });
    await user.click(await screen.findByRole("button", { name: "Sign in" }));
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription("Enter your email.");
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription("Enter your password.");
    expect(screen.getByLabelText("Email")).toHaveFocus(); // the first field found wrong
  });

  it("takes an email of spaces for none, and asks Cognito nothing", async () => {
    const { cognito } = stubEverything({ InitiateAuth: signedIn() });
    const { user } = renderApp("/sign-in", { auth: cognitoAuth() });
    await findPage("Sign in");
    await user.type(screen.getByLabelText("Email"), "   ");
    await user.type(screen.getByLabelText("Password"), "Advocacy-local-1!");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription("Enter your email.");
    expect(screen.getByLabelText("Email")).toHaveFocus();
    expect(screen.getByLabelText("Password")).not.toHaveAccessibleDescription();
    expect(cognito.calls.map((c) => c.target)).not.toContain("InitiateAuth");

    // Fixed, the message goes as it is typed, and the sign-in goes through.
    await user.clear(screen.getByLabelText("Email"));
    await user.type(screen.getByLabelText("Email"), "ava@acme.example");
    expect(screen.getByLabelText("Email")).not.toHaveAccessibleDescription();
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Feed" })).toBeInTheDocument();
  });

  it("shows a sentence on a wrong password and stays on the form", async () => {
    stubEverything({ InitiateAuth: wrongPassword });
    const { user } = renderApp("/sign-in", { auth: cognitoAuth() });
    await findPage("Sign in");
    await user.type(screen.getByLabelText("Email"), "ava@acme.example");
    await user.type(screen.getByLabelText("Password"), "wrong");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The email or password is not right.");
    expect(screen.getByLabelText("Password")).toBeInTheDocument();
  });

  it("signs in and goes back to the page the member wanted", async () => {
    stubEverything({ InitiateAuth: signedIn() });
    const { user } = renderApp("/rewards", { auth: cognitoAuth() });
    await findPage("Sign in");
    await user.type(screen.getByLabelText("Email"), "ava@acme.example");
    await user.type(screen.getByLabelText("Password"), "Advocacy-local-1!");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Rewards" })).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/rewards");
  });

  it("asks an invited member for a new password (NEW_PASSWORD_REQUIRED), then signs in", async () => {
    const { cognito } = stubEverything({ InitiateAuth: newPasswordChallenge, RespondToAuthChallenge: signedIn() });
    const { user } = renderApp("/sign-in", { auth: cognitoAuth() });
    await findPage("Sign in");
    await user.type(screen.getByLabelText("Email"), "ava@acme.example");
    await user.type(screen.getByLabelText("Password"), "Temp-1234!");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    await findPage("Choose your password");

    await user.type(screen.getByLabelText("New password"), "Brand-new-1!");
    await user.type(screen.getByLabelText("Confirm new password"), "Brand-new-2!");
    await user.click(screen.getByRole("button", { name: "Set password and sign in" }));
    expect(screen.getByLabelText("Confirm new password")).toHaveAccessibleDescription("The two passwords are not the same.");

    await user.clear(screen.getByLabelText("Confirm new password"));
    await user.type(screen.getByLabelText("Confirm new password"), "Brand-new-1!");
    await user.click(screen.getByRole("button", { name: "Set password and sign in" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Feed" })).toBeInTheDocument();
    expect(cognito.calls.at(-1)?.body).toMatchObject({ ChallengeResponses: { NEW_PASSWORD: "Brand-new-1!" } });
  });

  it("resets a forgotten password with the emailed code", async () => {
    const { cognito } = stubEverything({
      ForgotPassword: () => ({ body: { CodeDeliveryDetails: { DeliveryMedium: "EMAIL" } } }),
      ConfirmForgotPassword: () => ({ body: {} }),
    });
    const { user } = renderApp("/sign-in", { auth: cognitoAuth() });
    await user.click(await screen.findByRole("link", { name: "Forgot your password?" }));
    await findPage("Reset your password");
    await user.click(screen.getByRole("button", { name: "Send code" }));
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription("Enter your email.");
    expect(screen.getByLabelText("Email")).toHaveFocus();
    await user.type(screen.getByLabelText("Email"), "  ");
    await user.click(screen.getByRole("button", { name: "Send code" }));
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription("Enter your email.");
    expect(cognito.calls).toHaveLength(0);
    await user.clear(screen.getByLabelText("Email"));
    await user.type(screen.getByLabelText("Email"), "ava@acme.example");
    await user.click(screen.getByRole("button", { name: "Send code" }));
    await user.type(await screen.findByLabelText("Code"), "123456"); // same page: no focus move
    await user.type(screen.getByLabelText("New password"), "Brand-new-1!");
    await user.type(screen.getByLabelText("Confirm new password"), "Brand-new-1!");
    await user.click(screen.getByRole("button", { name: "Set new password" }));
    expect(await screen.findByText("Your password has been changed. Sign in with it now.")).toBeInTheDocument();
    expect(cognito.calls.map((c) => c.target)).toEqual(["ForgotPassword", "ConfirmForgotPassword"]);
    expect(cognito.calls[1]?.body).toMatchObject({ Username: "ava@acme.example", ConfirmationCode: "123456", Password: "Brand-new-1!" });
  });

  it("sends a signed-out member to sign-in, and a 401 from the API there too, then back", async () => {
    let meCalls = 0;
    const api = stubApi({
      // API Gateway's own 401 the first time (an expired or revoked token), fine after signing in again.
      "GET /me": () => (++meCalls === 1 ? json({ message: "Unauthorized" }, { status: 401 }) : json(ME)),
      "GET /rewards": page([]),
      "GET /me/redemptions": page([]),
    });
    const auth = new FakeAuth();
    const { user } = renderApp("/rewards", { auth });
    expect(await screen.findByText("Your session has ended. Sign in again to continue.")).toBeInTheDocument();
    await findPage("Sign in");
    expect(screen.getByTestId("location")).toHaveTextContent("/sign-in");
    expect(api.requestsTo("GET", "/me")).toHaveLength(1); // a 401 is not retried

    await user.type(screen.getByLabelText("Email"), "ava@acme.example");
    await user.type(screen.getByLabelText("Password"), "right");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Rewards" })).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/rewards");
    expect(await screen.findByText("120 points")).toBeInTheDocument();
  });
});
