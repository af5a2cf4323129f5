import { createContext, type ReactNode, useContext, useSyncExternalStore } from "react";
import type { Auth, AuthState } from "./auth";

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider(props: { auth: Auth; children: ReactNode }) {
  return <AuthContext.Provider value={props.auth}>{props.children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}

export function useAuthState(): AuthState {
  const auth = useAuth();
  return useSyncExternalStore(
    (listener) => auth.subscribe(listener),
    () => auth.getState(),
  );
}
