import { afterEach, describe, expect, it } from "vitest";
import {
  COGNITO_CONFIG,
  newPasswordChallenge,
  signedIn,
  stubCognito,
  tokens,
  wrongPassword,
} from "../test/cognito";
import { AuthError } from "./auth";
import { CognitoAuth, toAuthError } from "./cognito";

const made: CognitoAuth[] = [];
function newAuth(config = COGNITO_CONFIG) {
  const auth = new CognitoAuth(config);
  made.push(auth);
  return auth;
}

afterEach(() => {
  made.splice(0).forEach((auth) => auth.dispose());
});

describe("CognitoAuth (amazon-cognito-identity-js against a stubbed Cognito)", () => {
  it("signs in with USER_PASSWORD_AUTH at the configured endpoint and gives the ID token", async () => {
    const cognito = stubCognito({ InitiateAuth: signedIn() });
    const auth = newAuth(COGNITO_CONFIG);
    await expect(auth.signIn(" ava@acme.example ", "Advocacy-local-1!")).resolves.toEqual({ kind: "signedIn" });
    expect(cognito.calls[0]).toMatchObject({
      target: "InitiateAuth",
      body: {
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: "testclient",
        AuthParameters: { USERNAME: "ava@acme.example", PASSWORD: "Advocacy-local-1!" },
      },
    });
    expect(auth.getState()).toMatchObject({ status: "signedIn", email: "ava@acme.example" });
    expect(await auth.getIdToken()).toMatch(/^ey/);
  });

  it("uses SRP unless the config asks for the password flow", async () => {
    const cognito = stubCognito({ InitiateAuth: wrongPassword });
    const auth = newAuth({ ...COGNITO_CONFIG, authFlow: "srp" });
    await expect(auth.signIn("ava@acme.example", "x")).rejects.toBeInstanceOf(AuthError);
    expect(cognito.calls[0]?.body).toMatchObject({ AuthFlow: "USER_SRP_AUTH" });
    expect(JSON.stringify(cognito.calls[0]?.body)).not.toContain('"x"');
  });

  it("reports a wrong password as wrongCredentials", async () => {
    stubCognito({ InitiateAuth: wrongPassword });
    const auth = newAuth(COGNITO_CONFIG);
    await expect(auth.signIn("ava@acme.example", "nope")).rejects.toMatchObject({ code: "wrongCredentials" });
    expect(auth.getState().status).not.toBe("signedIn");
  });

  it("completes NEW_PASSWORD_REQUIRED with the new password", async () => {
    const cognito = stubCognito({ InitiateAuth: newPasswordChallenge, RespondToAuthChallenge: signedIn() });
    const auth = newAuth(COGNITO_CONFIG);
    await expect(auth.signIn("ava@acme.example", "Temp-1234!")).resolves.toEqual({ kind: "newPasswordRequired" });
    expect(auth.getState().status).not.toBe("signedIn");
    await auth.completeNewPassword("Brand-new-1!");
    expect(cognito.calls[1]).toMatchObject({
      target: "RespondToAuthChallenge",
      body: {
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session: "session-1",
        ChallengeResponses: { USERNAME: "ava@acme.example", NEW_PASSWORD: "Brand-new-1!" },
      },
    });
    expect(auth.getState().status).toBe("signedIn");
  });

  it("refreshes the ID token with the refresh token when it is about to expire", async () => {
    const cognito = stubCognito({
      InitiateAuth: (body) =>
        body.AuthFlow === "REFRESH_TOKEN_AUTH"
          ? { body: { AuthenticationResult: { ...tokens({ n: 2 }), RefreshToken: undefined } } }
          : signedIn({ expiresIn: 30 })(),
    });
    const auth = newAuth(COGNITO_CONFIG);
    await auth.signIn("ava@acme.example", "pw");
    const first = cognito.calls.length;
    const token = await auth.getIdToken();
    expect(cognito.calls[first]).toMatchObject({
      target: "InitiateAuth",
      body: { AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: "refresh-token-1" } },
    });
    expect((JSON.parse(atob(token!.split(".")[1]!)) as { n: number }).n).toBe(2);
  });

  it("restores a kept session on the next start", async () => {
    stubCognito({ InitiateAuth: signedIn() });
    await newAuth(COGNITO_CONFIG).signIn("ava@acme.example", "pw");
    const next = newAuth(COGNITO_CONFIG);
    await next.restore();
    expect(next.getState()).toMatchObject({ status: "signedIn", email: "ava@acme.example" });
  });

  it("refreshes an expired kept session on start, and ends it when the refresh token is refused", async () => {
    let refreshOk = true;
    const cognito = stubCognito({
      InitiateAuth: (body) =>
        body.AuthFlow !== "REFRESH_TOKEN_AUTH"
          ? signedIn({ expiresIn: -10 })()
          : refreshOk
            ? { body: { AuthenticationResult: tokens({ n: 3 }) } }
            : wrongPassword(),
    });
    await newAuth().signIn("ava@acme.example", "pw").catch(() => undefined);
    const next = newAuth();
    await next.restore();
    expect(cognito.calls.at(-1)?.body).toMatchObject({ AuthFlow: "REFRESH_TOKEN_AUTH" });
    expect(next.getState().status).toBe("signedIn");
    expect((JSON.parse(atob((await next.getIdToken())!.split(".")[1]!)) as { n: number }).n).toBe(3);

    localStorage.setItem(
      "CognitoIdentityServiceProvider.testclient.ava@acme.example.idToken",
      tokens({ expiresIn: -10 }).IdToken,
    );
    refreshOk = false;
    const third = newAuth();
    await third.restore();
    expect(third.getState()).toMatchObject({ status: "signedOut", notice: "sessionExpired" });
  });

  it("signs out by revoking the refresh token and forgetting the session", async () => {
    const cognito = stubCognito({ InitiateAuth: signedIn(), RevokeToken: () => ({ body: {} }) });
    const auth = newAuth(COGNITO_CONFIG);
    await auth.signIn("ava@acme.example", "pw");
    await auth.signOut();
    expect(cognito.calls.at(-1)).toMatchObject({ target: "RevokeToken", body: { Token: "refresh-token-1", ClientId: "testclient" } });
    expect(auth.getState()).toMatchObject({ status: "signedOut", notice: "signedOut" });
    expect(await auth.getIdToken()).toBeNull();
    const next = newAuth(COGNITO_CONFIG);
    await next.restore();
    expect(next.getState().status).toBe("signedOut");
  });

  it("asks for a reset code and confirms the new password", async () => {
    const cognito = stubCognito({
      ForgotPassword: () => ({ body: { CodeDeliveryDetails: { DeliveryMedium: "EMAIL", Destination: "a***@acme.example" } } }),
      ConfirmForgotPassword: () => ({ body: {} }),
    });
    const auth = newAuth(COGNITO_CONFIG);
    await auth.forgotPassword("ava@acme.example", "it");
    await auth.confirmForgotPassword("ava@acme.example", " 123456 ", "Brand-new-1!");
    expect(cognito.calls.map((c) => c.target)).toEqual(["ForgotPassword", "ConfirmForgotPassword"]);
    // The mail trigger writes the code's email in the app's language.
    expect(cognito.calls[0]?.body).toMatchObject({ Username: "ava@acme.example", ClientMetadata: { language: "it" } });
    expect(cognito.calls[1]?.body).toMatchObject({ ConfirmationCode: "123456", Password: "Brand-new-1!", Username: "ava@acme.example" });
  });

  it("ends the session after the API refused it", async () => {
    stubCognito({ InitiateAuth: signedIn() });
    const auth = newAuth(COGNITO_CONFIG);
    await auth.signIn("ava@acme.example", "pw");
    auth.expire();
    expect(auth.getState()).toMatchObject({ status: "signedOut", notice: "sessionExpired" });
  });

  it("maps Cognito's errors to the forms' codes", () => {
    expect(toAuthError({ code: "CodeMismatchException", message: "x" }).code).toBe("codeMismatch");
    expect(toAuthError({ code: "LimitExceededException", message: "x" }).code).toBe("tooManyAttempts");
    expect(toAuthError(new Error("Network error")).code).toBe("network");
    expect(toAuthError({ code: "Weird", message: "x" }).code).toBe("unknown");
  });
});
