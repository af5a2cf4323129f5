import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { lazy, type ReactNode, useEffect } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import type { Api } from "./api/client";
import { ApiProvider } from "./api/context";
import type { Auth } from "./auth/auth";
import { AuthProvider, useAuth, useAuthState } from "./auth/context";
import { ADMIN_SCREENS } from "./admin/screens";
import { RequireRole } from "./admin/RequireRole";
import { useMyOrg } from "./api/queries";
import { I18nProvider, type Lang, TimeZone } from "./i18n";
import { Skeleton } from "./ui/components";
import { Layout, PublicLayout } from "./ui/Layout";

// Every screen is its own chunk, loaded when first opened.
const FeedPage = lazy(() => import("./routes/Feed"));
const LeaderboardPage = lazy(() => import("./routes/Leaderboard"));
const RewardsPage = lazy(() => import("./routes/Rewards"));
const ContestsPage = lazy(() => import("./routes/Contests"));
const ActivityPage = lazy(() => import("./routes/Activity"));
const SuggestPage = lazy(() => import("./routes/Suggest"));
const ProfilePage = lazy(() => import("./routes/Profile"));
const ConnectionCallbackPage = lazy(() => import("./routes/ConnectionCallback"));
const NotFoundPage = lazy(() => import("./routes/NotFound"));
const SignInPage = lazy(() => import("./auth/SignIn"));
const ForgotPasswordPage = lazy(() => import("./auth/ForgotPassword"));

export interface AppServices {
  auth: Auth;
  api: Api;
  queryClient: QueryClient;
}

/** Everything the screens use: sign-in, the API, the query cache, the language. */
export function AppProviders(props: AppServices & { children: ReactNode; lang?: Lang }) {
  return (
    <AuthProvider auth={props.auth}>
      <ApiProvider api={props.api}>
        <QueryClientProvider client={props.queryClient}>
          <I18nProvider {...(props.lang ? { initial: props.lang } : {})}>
            <ClearCacheOnSignOut queryClient={props.queryClient} />
            {props.children}
          </I18nProvider>
        </QueryClientProvider>
      </ApiProvider>
    </AuthProvider>
  );
}

/** Nothing of one member's data outlives their session. */
function ClearCacheOnSignOut(props: { queryClient: QueryClient }) {
  const auth = useAuth();
  useEffect(() => {
    let status = auth.getState().status;
    return auth.subscribe(() => {
      const next = auth.getState().status;
      if (status === "signedIn" && next === "signedOut") props.queryClient.clear();
      status = next;
    });
  }, [auth, props.queryClient]);
  return null;
}

/** Dates on the signed-in screens read in the org's time zone (the browser's until it is known). */
function OrgTimeZone(props: { children: ReactNode }) {
  const org = useMyOrg();
  return <TimeZone timeZone={org.data?.timezone}>{props.children}</TimeZone>;
}

/** Signed-out members go to sign-in, which brings them back here afterwards. */
function RequireAuth(props: { children: ReactNode }) {
  const state = useAuthState();
  const location = useLocation();
  if (state.status === "loading") {
    return (
      <main className="main">
        <Skeleton count={2} />
      </main>
    );
  }
  if (state.status === "signedOut") {
    const from = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to="/sign-in" replace state={{ from }} />;
  }
  return <>{props.children}</>;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      </Route>
      <Route
        element={
          <RequireAuth>
            <OrgTimeZone>
              <Layout />
            </OrgTimeZone>
          </RequireAuth>
        }
      >
        <Route index element={<FeedPage />} />
        <Route path="leaderboard" element={<LeaderboardPage />} />
        <Route path="rewards" element={<RewardsPage />} />
        <Route path="contests" element={<ContestsPage />} />
        <Route path="activity" element={<ActivityPage />} />
        <Route path="suggest" element={<SuggestPage />} />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="connections/callback" element={<ConnectionCallbackPage />} />
        {ADMIN_SCREENS.map(({ path, least, Page }) => (
          <Route
            key={path}
            path={path.slice(1)}
            element={
              <RequireRole least={least}>
                <Page />
              </RequireRole>
            }
          />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
