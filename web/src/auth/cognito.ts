import type * as CognitoLibrary from "amazon-cognito-identity-js";
import type { CognitoUser, CognitoUserPool, CognitoUserSession } from "amazon-cognito-identity-js";
import type { RuntimeConfig } from "../config";
import type { Lang } from "../i18n";
import { type Auth, AuthError, type AuthErrorCode, AuthStore, type SignInResult } from "./auth";

/** Refresh the ID token this long before it expires (a timer), and on demand when a request finds
 * it expiring within REFRESH_ON_USE_MS. */
const REFRESH_AHEAD_MS = 5 * 60_000;
const REFRESH_ON_USE_MS = 60_000;

type Library = typeof CognitoLibrary;

interface CognitoFailure {
  code?: string;
  name?: string;
  message?: string;
}

/** Cognito's error names, as the forms need them. */
export function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  const failure = (typeof error === "object" && error !== null ? error : {}) as CognitoFailure;
  const name = failure.code ?? failure.name ?? "";
  const message = failure.message ?? String(error);
  const codes: Record<string, AuthErrorCode> = {
    NotAuthorizedException: "wrongCredentials",
    UserNotFoundException: "wrongCredentials",
    PasswordResetRequiredException: "resetRequired",
    UserNotConfirmedException: "notConfirmed",
    InvalidPasswordException: "invalidPassword",
    InvalidParameterException: "invalidPassword",
    CodeMismatchException: "codeMismatch",
    ExpiredCodeException: "codeExpired",
    LimitExceededException: "tooManyAttempts",
    TooManyRequestsException: "tooManyAttempts",
    TooManyFailedAttemptsException: "tooManyAttempts",
  };
  const code = codes[name] ?? (message === "Network error" ? "network" : "unknown");
  return new AuthError(code, message);
}

/** The claims of a JWT (not verified: API Gateway verifies; the app only reads `exp` and `email`). */
export function jwtClaims(token: string): Record<string, unknown> {
  const part = token.split(".")[1] ?? "";
  const base64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
  return typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : {};
}

/** The ID token in hand: the JWT, when it expires (ms) and whose it is. */
interface IdToken {
  jwt: string;
  expiresAt: number;
  email: string | null;
}

function idToken(jwt: string): IdToken | null {
  try {
    const claims = jwtClaims(jwt);
    if (typeof claims.exp !== "number") return null;
    return { jwt, expiresAt: claims.exp * 1000, email: typeof claims.email === "string" ? claims.email : null };
  } catch {
    return null;
  }
}

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

/** Sign-in against the Cognito user pool with amazon-cognito-identity-js: SRP, or
 * USER_PASSWORD_AUTH when config.authFlow is "password" (the local stack), at
 * config.cognitoEndpoint when set. The library keeps the tokens in localStorage.
 *
 * The library (about 28 KB gzipped) is loaded only when it is needed: to sign in, refresh, sign
 * out or reset a password. A returning member whose ID token is still valid starts without it:
 * the token is read from the library's own storage keys. */
export class CognitoAuth implements Auth {
  private readonly store = new AuthStore();
  private token: IdToken | null = null;
  /** The user waiting for a new password (NEW_PASSWORD_REQUIRED). */
  private challenged: CognitoUser | null = null;
  private refreshing: Promise<IdToken> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private library: Promise<{ lib: Library; pool: CognitoUserPool }> | null = null;
  private readonly keyPrefix: string;

  constructor(private readonly config: RuntimeConfig) {
    this.keyPrefix = `CognitoIdentityServiceProvider.${config.clientId}`;
    if (typeof document !== "undefined") {
      // Timers are slowed in background tabs: check the token when the page comes back.
      document.addEventListener("visibilitychange", this.onVisible);
    }
  }

  private readonly onVisible = () => {
    if (document.visibilityState === "visible" && this.token) void this.getIdToken().catch(() => undefined);
  };

  /** Stops the refresh timer and listeners (tests; the app keeps one instance for its lifetime). */
  dispose(): void {
    clearTimeout(this.timer);
    if (typeof document !== "undefined") document.removeEventListener("visibilitychange", this.onVisible);
  }

  private load(): Promise<{ lib: Library; pool: CognitoUserPool }> {
    this.library ??= import("amazon-cognito-identity-js").then((lib) => ({
      lib,
      pool: new lib.CognitoUserPool({
        UserPoolId: this.config.userPoolId,
        ClientId: this.config.clientId,
        ...(this.config.cognitoEndpoint ? { endpoint: this.config.cognitoEndpoint } : {}),
      }),
    }));
    return this.library;
  }

  getState() {
    return this.store.get();
  }

  subscribe(listener: () => void) {
    return this.store.subscribe(listener);
  }

  /** The ID token the library kept from an earlier visit, read from its storage keys. */
  private stored(): IdToken | null {
    const store = storage();
    const username = store?.getItem(`${this.keyPrefix}.LastAuthUser`);
    if (!store || !username) return null;
    const jwt = store.getItem(`${this.keyPrefix}.${username}.idToken`);
    return jwt ? idToken(jwt) : null;
  }

  async restore(): Promise<void> {
    const kept = this.stored();
    if (!kept) {
      this.store.set({ status: "signedOut" });
      return;
    }
    if (kept.expiresAt - Date.now() > REFRESH_ON_USE_MS) {
      this.established(kept);
      return;
    }
    // Expired (a visit after more than an hour): refresh before the first request needs it. A
    // refused refresh token ends the session (refresh() does that); offline, the session is kept
    // and the refresh tried again.
    this.established(kept);
    await this.refresh().catch(() => undefined);
  }

  private async newUser(email: string): Promise<CognitoUser> {
    const { lib, pool } = await this.load();
    const user = new lib.CognitoUser({ Username: email.trim(), Pool: pool });
    user.setAuthenticationFlowType(this.config.authFlow === "password" ? "USER_PASSWORD_AUTH" : "USER_SRP_AUTH");
    return user;
  }

  async signIn(email: string, password: string): Promise<SignInResult> {
    const { lib } = await this.load();
    const user = await this.newUser(email);
    const details = new lib.AuthenticationDetails({ Username: email.trim(), Password: password });
    return new Promise<SignInResult>((resolve, reject) => {
      user.authenticateUser(details, {
        onSuccess: (session) => {
          this.fromSession(session);
          resolve({ kind: "signedIn" });
        },
        onFailure: (error: unknown) => reject(toAuthError(error)),
        newPasswordRequired: () => {
          this.challenged = user;
          resolve({ kind: "newPasswordRequired" });
        },
        mfaRequired: () => reject(new AuthError("unknown", "Multi-factor sign-in is not supported here.")),
        totpRequired: () => reject(new AuthError("unknown", "Multi-factor sign-in is not supported here.")),
        customChallenge: () => reject(new AuthError("unknown", "This sign-in challenge is not supported here.")),
      });
    });
  }

  completeNewPassword(newPassword: string): Promise<void> {
    const user = this.challenged;
    if (!user) return Promise.reject(new AuthError("unknown", "Sign in again first."));
    return new Promise<void>((resolve, reject) => {
      // No attributes are sent back: the member's email and name were set by the admin.
      user.completeNewPasswordChallenge(newPassword, {}, {
        onSuccess: (session) => {
          this.challenged = null;
          this.fromSession(session);
          resolve();
        },
        onFailure: (error: unknown) => reject(toAuthError(error)),
      });
    });
  }

  async forgotPassword(email: string, language: Lang): Promise<void> {
    const user = await this.newUser(email);
    return new Promise<void>((resolve, reject) => {
      user.forgotPassword(
        {
          onSuccess: () => resolve(),
          onFailure: (error) => reject(toAuthError(error)),
          inputVerificationCode: () => resolve(),
        },
        // The mail trigger writes the code's email in this language.
        { language },
      );
    });
  }

  async confirmForgotPassword(email: string, code: string, newPassword: string): Promise<void> {
    const user = await this.newUser(email);
    return new Promise<void>((resolve, reject) => {
      user.confirmPassword(code.trim(), newPassword, {
        onSuccess: () => resolve(),
        onFailure: (error) => reject(toAuthError(error)),
      });
    });
  }

  async getIdToken(): Promise<string | null> {
    const token = this.token;
    if (!token) return null;
    if (token.expiresAt - Date.now() > REFRESH_ON_USE_MS) return token.jwt;
    return (await this.refresh()).jwt;
  }

  /** The library's user and session (read from its storage, refreshed by it when expired). */
  private async session(): Promise<{ user: CognitoUser; session: CognitoUserSession }> {
    const { pool } = await this.load();
    const user = pool.getCurrentUser();
    if (!user) throw new AuthError("wrongCredentials", "No session is kept.");
    const session = await new Promise<CognitoUserSession>((resolve, reject) => {
      user.getSession((error: Error | null, s: CognitoUserSession | null) =>
        error || !s ? reject(toAuthError(error ?? new Error("no session"))) : resolve(s),
      );
    });
    return { user, session };
  }

  /** New tokens from the refresh token. A refused refresh token ends the session; a network
   * failure keeps it (offline) and tries again in a minute. */
  private refresh(): Promise<IdToken> {
    this.refreshing ??= (async () => {
      try {
        const { user, session } = await this.session();
        const fresh = await new Promise<CognitoUserSession>((resolve, reject) => {
          user.refreshSession(session.getRefreshToken(), (error: unknown, s: CognitoUserSession | undefined) =>
            error || !s ? reject(toAuthError(error ?? new Error("no session"))) : resolve(s),
          );
        });
        return this.fromSession(fresh);
      } catch (error) {
        const failure = toAuthError(error);
        if (failure.code === "wrongCredentials") this.expire();
        else this.schedule(60_000);
        throw failure;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private fromSession(session: CognitoUserSession): IdToken {
    const token = idToken(session.getIdToken().getJwtToken());
    if (!token) throw new AuthError("unknown", "Cognito gave an unreadable ID token.");
    this.established(token);
    return token;
  }

  private established(token: IdToken): void {
    this.token = token;
    this.store.set({ status: "signedIn", email: token.email, notice: null });
    this.schedule(token.expiresAt - Date.now() - REFRESH_AHEAD_MS);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh().catch(() => undefined), Math.max(delay, 5_000));
  }

  /** Removes the tokens the library keeps (what its own signOut clears), without loading it. */
  private clearStorage(): void {
    const store = storage();
    const username = store?.getItem(`${this.keyPrefix}.LastAuthUser`);
    if (!store) return;
    if (username) {
      for (const key of ["idToken", "accessToken", "refreshToken", "clockDrift", "userData"]) {
        store.removeItem(`${this.keyPrefix}.${username}.${key}`);
      }
    }
    store.removeItem(`${this.keyPrefix}.LastAuthUser`);
  }

  private forget(notice: "signedOut" | "sessionExpired"): void {
    clearTimeout(this.timer);
    this.clearStorage();
    this.token = null;
    this.challenged = null;
    this.store.set({ status: "signedOut", email: null, notice });
  }

  async signOut(): Promise<void> {
    if (this.token) {
      // The library's signOut with a callback revokes the refresh token (RevokeToken) before
      // clearing what it keeps. A failure (offline) still signs out here; the token then expires.
      try {
        const { user } = await this.session();
        await new Promise<void>((resolve) => {
          const done = setTimeout(resolve, 5_000);
          user.signOut(() => {
            clearTimeout(done);
            resolve();
          });
        });
      } catch {
        // nothing kept, or Cognito unreachable: forget the session locally below
      }
    }
    this.forget("signedOut");
  }

  expire(): void {
    if (this.store.get().status !== "signedIn") return;
    this.forget("sessionExpired");
  }
}
