/** What the app needs from sign-in, whatever provides it (Cognito in the app, a fake in tests). */

import type { Lang } from "../i18n";

export type AuthStatus = "loading" | "signedOut" | "signedIn";

/** Why the member is on the sign-in page: their session ended (a 401, a revoked refresh token) or
 * they signed out. */
export type AuthNotice = "sessionExpired" | "signedOut" | null;

export interface AuthState {
  status: AuthStatus;
  /** The signed-in member's email, from the ID token. */
  email: string | null;
  notice: AuthNotice;
}

export type SignInResult = { kind: "signedIn" } | { kind: "newPasswordRequired" };

/** Sign-in failures, as the forms show them. */
export type AuthErrorCode =
  | "wrongCredentials"
  | "resetRequired"
  | "notConfirmed"
  | "invalidPassword"
  | "codeMismatch"
  | "codeExpired"
  | "tooManyAttempts"
  | "network"
  | "unknown";

export class AuthError extends Error {
  override name = "AuthError";
  readonly code: AuthErrorCode;
  constructor(code: AuthErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export interface Auth {
  getState(): AuthState;
  subscribe(listener: () => void): () => void;
  /** Picks up a session kept from an earlier visit (refreshing it if needed). */
  restore(): Promise<void>;
  signIn(email: string, password: string): Promise<SignInResult>;
  /** Finishes the first sign-in of an invited member (NEW_PASSWORD_REQUIRED). */
  completeNewPassword(newPassword: string): Promise<void>;
  /** Sends a verification code to the member's email, written in `language`. */
  forgotPassword(email: string, language: Lang): Promise<void>;
  confirmForgotPassword(email: string, code: string, newPassword: string): Promise<void>;
  /** The current ID token for the API, refreshed when it expires within a minute; null when
   * signed out. Throws when a refresh could not reach Cognito. */
  getIdToken(): Promise<string | null>;
  /** Signs out, revoking the refresh token. */
  signOut(): Promise<void>;
  /** Forgets the session locally after the API refused it (a 401). */
  expire(): void;
}

/** A small observable store for AuthState. */
export class AuthStore {
  private state: AuthState = { status: "loading", email: null, notice: null };
  private readonly listeners = new Set<() => void>();

  get(): AuthState {
    return this.state;
  }

  set(next: Partial<AuthState>): void {
    this.state = { ...this.state, ...next };
    this.listeners.forEach((listener) => listener());
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
